# ruff: noqa: E501 -- whole sentences read better unbroken
"""
Texts for judging a sentence-embedding model for related reports: each counterpart retells one
seed text in another language; the distractors are on other subjects.
"""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEEDS = [path.read_text() for path in sorted(SEEDS_DIR.glob("*.txt"))]
# Counterparts written for the evaluation: each retells one seed in another language.
COUNTERPARTS = {
    (
        "ru",
        1,
    ): "Посол Казахстана в Бельгии Маргулан Баймухан встретился с председателем Сената Бельгии Стефани Д'Оз. Стороны обсудили вопросы двустороннего сотрудничества и межпарламентских связей, а также подготовку к 30-летию установления дипломатических отношений.",
    (
        "fr",
        1,
    ): "L'ambassadeur du Kazakhstan en Belgique, Margulan Baimukhan, a rencontré la présidente du Sénat de Belgique, Stephanie D'Hose, pour discuter de la coopération bilatérale et des relations interparlementaires entre les deux pays.",
    (
        "nl",
        1,
    ): "De ambassadeur van Kazachstan in België, Margulan Baimukhan, had een ontmoeting met de voorzitster van de Belgische Senaat, Stephanie D'Hose, over de bilaterale samenwerking en de interparlementaire betrekkingen.",
    (
        "kk",
        1,
    ): "Қазақстанның Бельгиядағы елшісі Марғұлан Баймұхан Бельгия Сенатының төрағасы Стефани Д'Озбен кездесіп, екіжақты ынтымақтастық пен парламентаралық байланыстар мәселелерін талқылады.",
    (
        "ru",
        4,
    ): "Сегодня Казахстан и Бельгия отмечают важную веху в истории двустороннего сотрудничества — 30-летие установления дипломатических отношений. За три десятилетия отношения стабильно развивались на основе тесного политического диалога и взаимовыгодного экономического партнерства.",
    (
        "fr",
        4,
    ): "Aujourd'hui, le Kazakhstan et la Belgique célèbrent une étape importante : le 30e anniversaire de l'établissement de leurs relations diplomatiques. En trois décennies, les relations se sont développées grâce à un dialogue politique étroit et à un partenariat économique.",
    (
        "kk",
        4,
    ): "Бүгін Қазақстан мен Бельгия екіжақты ынтымақтастық тарихындағы маңызды белесті — дипломатиялық қатынастар орнатылғанына 30 жыл толуын атап өтуде. Отыз жыл ішінде қатынастар тығыз саяси диалог негізінде тұрақты дамыды.",
    (
        "ru",
        0,
    ): "Межпарламентские группы по сотрудничеству Мажилиса Казахстана и Парламента Бельгии провели заседание в режиме видеоконференции. Депутаты обсудили укрепление двустороннего сотрудничества.",
    (
        "nl",
        3,
    ): "Ambassadeur Margulan Baimukhan van Kazachstan ontmoette de diplomatiek adviseur van de Koning der Belgen, William De Baets. Zij bespraken de huidige stand en de vooruitzichten van de Kazachs-Belgische samenwerking.",
}
# Texts on other subjects, in the same languages.
DISTRACTORS = [
    "Урожай пшеницы в Костанайской области в этом году превысил прошлогодний на 12 процентов, сообщили в областном акимате.",
    "La production de chocolat belge a progressé l'an dernier, portée par les exportations vers l'Asie, selon la fédération du secteur.",
    "De Ronde van Vlaanderen trok zondag opnieuw tienduizenden toeschouwers langs de hellingen in de Vlaamse Ardennen.",
    "Алматыда ертең күн бұлтты болады, түнде жаңбыр жауады деп болжанып отыр, деп хабарлады Қазгидромет.",
    "The European Central Bank kept interest rates unchanged on Thursday, citing persistent inflation in the services sector.",
    "Казахстан и Китай подписали соглашение о строительстве новой железнодорожной линии до границы.",
]
