"""The indicator catalogue: every indicator kzmach knows, declared once.

Everything else (figure validation, unit normalisation, the processed ``indicators`` table,
chart labels in later issues) reads these declarations. A new language is a new ``names``
entry; a new indicator is a new :class:`Indicator` below.

Vocabulary
----------
basis
    ``nominal_value`` (a level in current prices or a count of money), ``real_growth``
    (physical-volume index or growth), ``nominal_growth`` (growth of a current-price level),
    ``unspecified_growth`` (the source does not say which: never guessed), ``share``,
    ``share_change`` (percentage points), ``multiple``, ``count`` and ``rank``.
scope
    ``machine_building`` as a whole; its sub-sectors (``automotive``, ``railway``,
    ``agricultural``, ``electrical``, ``oil_gas``, ``mining``, ``machinery_equipment``,
    ``other_transport``, ``machine_building_ex_automotive``); ``manufacturing``, ``industry``,
    ``economy`` and ``agriculture`` for context.
unit
    The canonical unit every figure of the indicator is normalised to; see :data:`UNITS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

BASES: Final = (
    "nominal_value",
    "real_growth",
    "nominal_growth",
    "unspecified_growth",
    "share",
    "share_change",
    "multiple",
    "count",
    "rank",
)
GROWTH_BASES: Final = ("real_growth", "nominal_growth", "unspecified_growth")

#: Display languages. Every indicator name and every term in :data:`TERMS` is declared in
#: each of them; adding a language means adding its entries here and nowhere else.
LANGUAGES: Final = ("en", "ru", "kk")

#: The sub-sectors of machine building (charts compare their growth).
SUBSECTOR_SCOPES: Final = (
    "automotive",
    "railway",
    "agricultural",
    "electrical",
    "oil_gas",
    "mining",
    "machinery_equipment",
    "other_transport",
)
SCOPES: Final = (
    "machine_building",
    "machine_building_ex_automotive",
    *SUBSECTOR_SCOPES,
    "manufacturing",
    "industry",
    "economy",
    "agriculture",
)

#: Canonical units: name -> (dimension, scale). A figure's parsed dimension must equal the
#: indicator's; its magnitude is divided by the scale. ``percent`` covers growth, shares and
#: percentage points; ``ratio`` is a dimensionless multiple.
UNITS: Final[dict[str, tuple[str, int]]] = {
    "bn KZT": ("KZT", 10**9),
    "mn KZT per worker": ("KZT", 10**6),
    "bn USD": ("USD", 10**9),
    "mn USD": ("USD", 10**6),
    "thousand USD per worker": ("USD", 10**3),
    "MCI": ("MCI", 1),
    "%": ("percent", 1),
    "pp": ("percent", 1),
    "units": ("count", 1),
    "persons": ("count", 1),
    "enterprises": ("count", 1),
    "count": ("count", 1),
    "days": ("count", 1),
    "rank": ("rank", 1),
    "jobs per job": ("ratio", 1),
}

#: Which ways of writing a value (``value_form`` in the figure tables) suit each basis.
VALUE_FORMS_BY_BASIS: Final[dict[str, tuple[str, ...]]] = {
    "nominal_value": ("level", "level_per_year"),
    "real_growth": ("growth", "index", "multiple"),
    "nominal_growth": ("growth", "index", "multiple"),
    "unspecified_growth": ("growth", "index", "multiple"),
    "share": ("share",),
    "share_change": ("pp",),
    "multiple": ("level",),
    "count": ("level", "level_per_year"),
    "rank": ("rank",),
}


@dataclass(frozen=True, slots=True)
class Indicator:
    """One declared indicator.

    Parameters
    ----------
    id
        Stable identifier used in the figure tables and the API.
    names
        Display names by language code (``en``, ``ru``, ``kk``).
    unit
        Canonical unit, a key of :data:`UNITS`.
    basis
        One of :data:`BASES`.
    scope
        One of :data:`SCOPES`.
    description
        One line saying what is measured.
    region
        Default territory; a figure may name a region instead.
    family
        Indicators measuring the same thing on different bases (``mb_output_growth_real``,
        ``..._nominal``, ``...`` unspecified) share a family, so conflicts can be looked for
        across them.
    level
        For growth indicators, the level indicator whose change they describe; used to check
        a source's stated growth against its own levels.
    reserved
        Declared for statistical releases but not used by any curated figure yet.
    """

    id: str
    names: dict[str, str]
    unit: str
    basis: str
    scope: str
    description: str
    region: str = "Kazakhstan"
    family: str = ""
    level: str = ""
    reserved: bool = False
    dimension: str = field(init=False)
    scale: int = field(init=False)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"indicator {self.id}: unknown unit {self.unit!r}")
        if self.basis not in BASES:
            raise ValueError(f"indicator {self.id}: unknown basis {self.basis!r}")
        if self.scope not in SCOPES:
            raise ValueError(f"indicator {self.id}: unknown scope {self.scope!r}")
        missing = set(LANGUAGES) - set(self.names)
        if missing:
            raise ValueError(f"indicator {self.id}: names missing for {sorted(missing)}")
        dimension, scale = UNITS[self.unit]
        object.__setattr__(self, "dimension", dimension)
        object.__setattr__(self, "scale", scale)
        if not self.family:
            object.__setattr__(self, "family", self.id)

    @property
    def is_growth(self) -> bool:
        """Whether the indicator is a rate of change (canonical unit: % change)."""
        return self.basis in GROWTH_BASES

    def name(self, language: str = "en") -> str:
        """Return the display name in ``language``, falling back to English."""
        return self.names.get(language, self.names["en"])


def _ind(
    id_: str,
    en: str,
    ru: str,
    kk: str,
    unit: str,
    basis: str,
    scope: str,
    description: str,
    **extra: str | bool,
) -> Indicator:
    return Indicator(id_, {"en": en, "ru": ru, "kk": kk}, unit, basis, scope, description, **extra)  # type: ignore[arg-type]


MB = "machine_building"

INDICATORS: Final[tuple[Indicator, ...]] = (
    # --- machine building: output ------------------------------------------------------
    _ind(
        "mb_output",
        "Machine-building output",
        "Объём производства машиностроения",
        "Машина жасау өнімінің көлемі",
        "bn KZT",
        "nominal_value",
        MB,
        "Value of machine-building production in current prices.",
    ),
    _ind(
        "mb_output_usd",
        "Machine-building output in US dollars",
        "Объём производства машиностроения в долларах США",
        "Машина жасау өнімінің көлемі, АҚШ долларымен",
        "bn USD",
        "nominal_value",
        MB,
        "Value of machine-building production expressed in US dollars.",
    ),
    _ind(
        "mb_output_growth_real",
        "Machine-building output, real growth",
        "Рост машиностроения, индекс физического объёма",
        "Машина жасаудың нақты көлем индексі бойынша өсімі",
        "%",
        "real_growth",
        MB,
        "Change in the physical volume of machine-building production.",
        family="mb_output_growth",
    ),
    _ind(
        "mb_output_growth_nominal",
        "Machine-building output, nominal growth",
        "Рост объёма производства машиностроения в текущих ценах",
        "Машина жасау өнімі көлемінің ағымдағы бағамен өсімі",
        "%",
        "nominal_growth",
        MB,
        "Change in the current-price value of machine-building production.",
        family="mb_output_growth",
        level="mb_output",
    ),
    _ind(
        "mb_output_growth",
        "Machine-building output growth (basis not stated)",
        "Рост машиностроения (база не указана)",
        "Машина жасаудың өсімі (негізі көрсетілмеген)",
        "%",
        "unspecified_growth",
        MB,
        "Growth of machine building where the source does not say real or nominal.",
        family="mb_output_growth",
        level="mb_output",
    ),
    _ind(
        "mb_gva_growth",
        "Machine-building gross value added growth",
        "Рост валовой добавленной стоимости машиностроения",
        "Машина жасаудағы жалпы қосылған құнның өсімі",
        "%",
        "unspecified_growth",
        MB,
        "Change in the gross value added of machine building; basis not stated.",
    ),
    # --- machine building: shares -----------------------------------------------------
    _ind(
        "mb_share_of_manufacturing",
        "Machine building's share of manufacturing",
        "Доля машиностроения в обрабатывающей промышленности",
        "Өңдеу өнеркәсібіндегі машина жасау үлесі",
        "%",
        "share",
        MB,
        "Machine-building output as a percentage of manufacturing output.",
    ),
    _ind(
        "mb_share_of_manufacturing_change",
        "Change in machine building's share of manufacturing",
        "Изменение доли машиностроения в обрабатывающей промышленности",
        "Өңдеу өнеркәсібіндегі машина жасау үлесінің өзгерісі",
        "pp",
        "share_change",
        MB,
        "Change of the share of manufacturing, in percentage points.",
    ),
    _ind(
        "mb_share_of_economy",
        "Machine building's share of the economy (GDP)",
        "Доля машиностроения в экономике (ВВП)",
        "Машина жасаудың экономикадағы (ЖІӨ) үлесі",
        "%",
        "share",
        MB,
        "Machine building as a percentage of GDP.",
    ),
    _ind(
        "mb_share_of_industry",
        "Machine building's share of industry",
        "Доля машиностроения в промышленности",
        "Өнеркәсіптегі машина жасау үлесі",
        "%",
        "share",
        MB,
        "Machine-building output as a percentage of industrial output.",
    ),
    _ind(
        "mb_share_of_world_exports",
        "Share of world machine-building exports",
        "Доля в мировом экспорте машиностроения",
        "Әлемдік машина жасау экспортындағы үлес",
        "%",
        "share",
        MB,
        "Kazakhstan's machine-building exports as a percentage of the world's.",
    ),
    _ind(
        "mb_share_of_imports",
        "Machine-building products' share of imports",
        "Доля машиностроительной продукции в импорте",
        "Импорттағы машина жасау өнімдерінің үлесі",
        "%",
        "share",
        MB,
        "Machine-building products as a percentage of Kazakhstan's total imports.",
    ),
    # --- machine building: trade, investment, productivity ------------------------------
    _ind(
        "mb_exports",
        "Machine-building exports",
        "Экспорт машиностроения",
        "Машина жасау экспорты",
        "bn USD",
        "nominal_value",
        MB,
        "Exports of machine-building products in US dollars.",
    ),
    _ind(
        "mb_exports_growth",
        "Machine-building exports growth",
        "Рост экспорта машиностроения",
        "Машина жасау экспортының өсімі",
        "%",
        "unspecified_growth",
        MB,
        "Change in machine-building exports; basis not stated.",
        level="mb_exports",
    ),
    _ind(
        "mb_investment",
        "Investment in fixed capital of machine building",
        "Инвестиции в основной капитал машиностроения",
        "Машина жасаудың негізгі капиталына салынған инвестиция",
        "bn KZT",
        "nominal_value",
        MB,
        "Investment in fixed assets of machine-building enterprises, current prices.",
    ),
    _ind(
        "mb_investment_usd",
        "Investment in fixed capital of machine building, US dollars",
        "Инвестиции в основной капитал машиностроения, долл. США",
        "Машина жасаудың негізгі капиталына инвестиция, АҚШ доллары",
        "mn USD",
        "nominal_value",
        MB,
        "Investment in fixed assets of machine building, in US dollars.",
    ),
    _ind(
        "mb_investment_growth",
        "Growth of investment in machine building",
        "Рост инвестиций в машиностроение",
        "Машина жасауға инвестицияның өсімі",
        "%",
        "unspecified_growth",
        MB,
        "Change in investment in machine building.",
        level="mb_investment",
    ),
    _ind(
        "mb_fdi",
        "Foreign direct investment in machine building",
        "Прямые иностранные инвестиции в машиностроение",
        "Машина жасауға тікелей шетелдік инвестиция",
        "mn USD",
        "nominal_value",
        MB,
        "Inflow of foreign direct investment into machine building.",
    ),
    _ind(
        "mb_fdi_growth",
        "Growth of foreign direct investment in machine building",
        "Рост прямых иностранных инвестиций в машиностроение",
        "Машина жасауға тікелей шетелдік инвестицияның өсімі",
        "%",
        "unspecified_growth",
        MB,
        "Change in FDI inflow into machine building.",
        level="mb_fdi",
    ),
    _ind(
        "mb_labour_productivity",
        "Labour productivity in machine building",
        "Производительность труда в машиностроении",
        "Машина жасаудағы еңбек өнімділігі",
        "thousand USD per worker",
        "nominal_value",
        MB,
        "Output per worker in machine building, US dollars.",
    ),
    _ind(
        "mb_labour_productivity_growth",
        "Growth of labour productivity in machine building",
        "Рост производительности труда в машиностроении",
        "Машина жасаудағы еңбек өнімділігінің өсімі",
        "%",
        "unspecified_growth",
        MB,
        "Change in output per worker in machine building.",
    ),
    # --- machine building: structure ---------------------------------------------------
    _ind(
        "mb_employment",
        "Employment in machine building",
        "Занятость в машиностроении",
        "Машина жасаудағы жұмыспен қамтылғандар",
        "persons",
        "count",
        MB,
        "Number of people working in machine-building enterprises.",
    ),
    _ind(
        "mb_enterprises",
        "Machine-building enterprises",
        "Машиностроительные предприятия",
        "Машина жасау кәсіпорындары",
        "enterprises",
        "count",
        MB,
        "Number of operating machine-building enterprises.",
    ),
    _ind(
        "mb_rd_expenditure",
        "R&D expenditure in machine building",
        "Затраты на НИОКР в машиностроении",
        "Машина жасаудағы ғылыми-зерттеу жұмыстарына шығын",
        "bn KZT",
        "nominal_value",
        MB,
        "Internal research and development expenditure of machine building.",
    ),
    _ind(
        "mb_rd_share_of_manufacturing_rd",
        "Machine building's share of manufacturing R&D",
        "Доля машиностроения в затратах на НИОКР обрабатывающей промышленности",
        "Өңдеу өнеркәсібінің ҒЗТКЖ шығынындағы машина жасау үлесі",
        "%",
        "share",
        MB,
        "Machine building's R&D spending as a percentage of manufacturing's.",
    ),
    _ind(
        "mb_projects",
        "Machine-building investment projects",
        "Инвестиционные проекты в машиностроении",
        "Машина жасаудағы инвестициялық жобалар",
        "count",
        "count",
        MB,
        "Number of machine-building projects launched or planned.",
    ),
    _ind(
        "mb_projects_value",
        "Value of machine-building projects",
        "Стоимость проектов в машиностроении",
        "Машина жасау жобаларының құны",
        "bn KZT",
        "nominal_value",
        MB,
        "Total value of machine-building projects.",
    ),
    _ind(
        "mb_projects_jobs",
        "Jobs created by machine-building projects",
        "Рабочие места, созданные проектами машиностроения",
        "Машина жасау жобалары ашқан жұмыс орындары",
        "persons",
        "count",
        MB,
        "Permanent jobs created or planned by machine-building projects.",
    ),
    _ind(
        "mb_subbranches",
        "Sub-branches of machine building",
        "Подотрасли машиностроения",
        "Машина жасаудың қосалқы салалары",
        "count",
        "count",
        MB,
        "Number of sub-branches the industry covers.",
    ),
    _ind(
        "mb_related_jobs_per_job",
        "Jobs in related industries per machine-building job",
        "Рабочие места в смежных отраслях на одно место в машиностроении",
        "Машина жасаудағы бір жұмыс орнына шаққанда сабақтас салалардағы жұмыс орындары",
        "jobs per job",
        "multiple",
        MB,
        "Employment multiplier of one machine-building job.",
    ),
    _ind(
        "policy_measures",
        "Measures in a programme or plan",
        "Мероприятия программы или плана",
        "Бағдарлама немесе жоспар шаралары",
        "count",
        "count",
        MB,
        "Number of measures a programme or plan consists of.",
    ),
    _ind(
        "policy_areas",
        "Areas, directions or groups of a programme",
        "Направления программы",
        "Бағдарлама бағыттары",
        "count",
        "count",
        MB,
        "Number of areas, directions or priority groups a programme is organised in.",
    ),
    _ind(
        "forum_delegates",
        "Forum delegates",
        "Делегаты форума",
        "Форум делегаттары",
        "persons",
        "count",
        MB,
        "Delegates expected at a Forum of Machine Builders.",
    ),
    _ind(
        "forum_countries",
        "Countries represented at a forum",
        "Страны-участники форума",
        "Форумға қатысатын елдер",
        "count",
        "count",
        MB,
        "Countries delegates come from at a Forum of Machine Builders.",
    ),
    _ind(
        "forum_priority_directions",
        "Priority directions discussed at a forum",
        "Приоритетные направления на форуме",
        "Форумдағы басым бағыттар",
        "count",
        "count",
        MB,
        "Priority sub-sectors given sectional sessions at a Forum of Machine Builders.",
    ),
    # --- roadmap policy parameters (seed 004) -------------------------------------------
    _ind(
        "local_content_share_increase",
        "Annual increase of in-country value share",
        "Ежегодное увеличение доли внутристрановой ценности",
        "Елішілік құндылық үлесінің жыл сайынғы өсімі",
        "pp",
        "share_change",
        MB,
        "Percentage-point rise of in-country value in procurement, a roadmap commitment.",
    ),
    _ind(
        "subsoil_delivery_term",
        "Delivery term for Kazakhstani producers",
        "Срок поставки для казахстанских производителей",
        "Қазақстандық өндірушілер үшін тауарды жеткізу мерзімі",
        "days",
        "count",
        MB,
        "Delivery term in subsoil users' procurement, in days.",
    ),
    _ind(
        "subsoil_payment_term",
        "Payment term to Kazakhstani producers",
        "Срок оплаты казахстанским производителям",
        "Қазақстандық тауар өндірушілерге ақы төлеу мерзімі",
        "days",
        "count",
        MB,
        "Payment term in subsoil users' procurement, in calendar days.",
    ),
    _ind(
        "promotion_reimbursement_cap",
        "Cap on reimbursed domestic-promotion costs",
        "Предельная сумма возмещения затрат на продвижение",
        "Ілгерілету шығынын өтеудің ең көп сомасы",
        "MCI",
        "nominal_value",
        MB,
        "Maximum reimbursement of domestic promotion costs, in monthly calculation indices.",
    ),
    _ind(
        "oil_gas_mb_projects_per_year",
        "Oil-and-gas machine-building projects a year",
        "Перспективные проекты нефтегазового машиностроения в год",
        "Жыл сайынғы мұнай-газ машина жасау перспективалық жобалары",
        "count",
        "count",
        "oil_gas",
        "Prospective projects identified each year for international operators.",
    ),
    # --- automotive ------------------------------------------------------------------
    _ind(
        "auto_output",
        "Automotive output",
        "Объём производства автомобилестроения",
        "Автомобиль жасау өнімінің көлемі",
        "bn KZT",
        "nominal_value",
        "automotive",
        "Value of motor-vehicle production in current prices.",
    ),
    _ind(
        "auto_output_growth",
        "Automotive output growth",
        "Рост автомобилестроения",
        "Автомобиль жасаудың өсімі",
        "%",
        "unspecified_growth",
        "automotive",
        "Growth of the automotive industry (OKED 29); basis not stated.",
        level="auto_output",
    ),
    _ind(
        "auto_investment",
        "Investment in the automotive industry",
        "Инвестиции в автомобилестроение",
        "Автомобиль жасауға инвестиция",
        "bn KZT",
        "nominal_value",
        "automotive",
        "Investment attracted into the automotive industry.",
    ),
    _ind(
        "auto_investment_growth",
        "Growth of investment in the automotive industry",
        "Рост инвестиций в автомобилестроение",
        "Автомобиль жасауға инвестицияның өсімі",
        "%",
        "unspecified_growth",
        "automotive",
        "Change in investment in the automotive industry.",
        level="auto_investment",
    ),
    _ind(
        "vehicle_production",
        "Motor vehicles produced",
        "Произведено автотранспортных средств",
        "Шығарылған автокөлік құралдары",
        "units",
        "count",
        "automotive",
        "Number of motor vehicles produced or assembled.",
    ),
    _ind(
        "vehicle_production_growth",
        "Growth in the number of vehicles produced",
        "Рост выпуска автотранспортных средств",
        "Автокөлік шығарудың өсімі",
        "%",
        "real_growth",
        "automotive",
        "Change in the number of vehicles produced.",
        level="vehicle_production",
    ),
    _ind(
        "passenger_car_production",
        "Passenger cars produced",
        "Произведено легковых автомобилей",
        "Шығарылған жеңіл автомобильдер",
        "units",
        "count",
        "automotive",
        "Number of passenger cars produced.",
    ),
    _ind(
        "passenger_car_production_growth",
        "Growth in the number of passenger cars produced",
        "Рост выпуска легковых автомобилей",
        "Жеңіл автомобиль шығарудың өсімі",
        "%",
        "real_growth",
        "automotive",
        "Change in the number of passenger cars produced.",
        level="passenger_car_production",
    ),
    _ind(
        "car_sales",
        "Cars sold on the domestic market",
        "Продажи автомобилей на рынке",
        "Ішкі нарықта сатылған автомобильдер",
        "units",
        "count",
        "automotive",
        "Number of cars sold in Kazakhstan.",
    ),
    _ind(
        "car_sales_domestic",
        "Domestically produced cars sold",
        "Продано автомобилей отечественного производства",
        "Сатылған отандық автомобильдер",
        "units",
        "count",
        "automotive",
        "Number of cars sold in Kazakhstan that were produced by domestic companies.",
    ),
    _ind(
        "auto_plant_employment",
        "Employment at car plants",
        "Занятость на автозаводах",
        "Автозауыттардағы жұмыскерлер",
        "persons",
        "count",
        "automotive",
        "Number of people employed at car-assembly plants.",
    ),
    # --- railway ---------------------------------------------------------------------
    _ind(
        "railway_output",
        "Railway engineering output",
        "Объём производства железнодорожного машиностроения",
        "Теміржол машина жасау өнімінің көлемі",
        "bn KZT",
        "nominal_value",
        "railway",
        "Value of railway-equipment production in current prices.",
    ),
    _ind(
        "railway_output_growth",
        "Railway engineering growth",
        "Рост железнодорожного машиностроения",
        "Теміржол машина жасаудың өсімі",
        "%",
        "unspecified_growth",
        "railway",
        "Growth of railway engineering (locomotives, wagons); basis not stated.",
        level="railway_output",
    ),
    _ind(
        "railway_share_of_mb",
        "Railway engineering's share of machine building",
        "Доля железнодорожного машиностроения в машиностроении",
        "Машина жасаудағы теміржол машина жасау үлесі",
        "%",
        "share",
        "railway",
        "Railway engineering output as a percentage of machine-building output.",
    ),
    _ind(
        "railway_enterprises",
        "Railway engineering enterprises",
        "Предприятия железнодорожного машиностроения",
        "Теміржол машина жасау кәсіпорындары",
        "enterprises",
        "count",
        "railway",
        "Number of railway-equipment enterprises.",
    ),
    _ind(
        "railway_employment",
        "Employment in railway engineering",
        "Занятость в железнодорожном машиностроении",
        "Теміржол машина жасаудағы жұмыс орындары",
        "persons",
        "count",
        "railway",
        "Number of jobs in railway engineering.",
    ),
    _ind(
        "locomotive_production",
        "Locomotives produced",
        "Произведено локомотивов",
        "Шығарылған локомотивтер",
        "units",
        "count",
        "railway",
        "Number of locomotives produced.",
    ),
    _ind(
        "diesel_locomotive_production",
        "Diesel locomotives produced",
        "Произведено тепловозов",
        "Шығарылған тепловоздар",
        "units",
        "count",
        "railway",
        "Number of diesel locomotives produced (BNS).",
    ),
    _ind(
        "diesel_locomotive_production_growth",
        "Growth in diesel locomotives produced",
        "Рост выпуска тепловозов",
        "Тепловоз шығарудың өсімі",
        "%",
        "real_growth",
        "railway",
        "Change in the number of diesel locomotives produced.",
        level="diesel_locomotive_production",
    ),
    _ind(
        "freight_wagon_production",
        "Freight wagons produced",
        "Произведено грузовых вагонов",
        "Шығарылған жүк вагондары",
        "units",
        "count",
        "railway",
        "Number of freight wagons produced.",
    ),
    _ind(
        "passenger_coach_production",
        "Passenger coaches produced",
        "Произведено пассажирских вагонов",
        "Шығарылған жолаушылар вагондары",
        "units",
        "count",
        "railway",
        "Number of railway passenger coaches produced.",
    ),
    # --- agricultural ----------------------------------------------------------------
    _ind(
        "agri_mb_output_growth",
        "Agricultural machine-building growth",
        "Рост сельскохозяйственного машиностроения",
        "Ауыл шаруашылығы машина жасауының өсімі",
        "%",
        "unspecified_growth",
        "agricultural",
        "Growth of agricultural machine building; basis not stated.",
    ),
    _ind(
        "agri_machinery_production",
        "Agricultural machines produced",
        "Произведено сельскохозяйственной техники",
        "Шығарылған ауыл шаруашылығы техникасы",
        "units",
        "count",
        "agricultural",
        "Number of agricultural machines produced.",
    ),
    _ind(
        "tractor_production",
        "Tractors produced",
        "Произведено тракторов",
        "Шығарылған тракторлар",
        "units",
        "count",
        "agricultural",
        "Number of tractors produced.",
    ),
    _ind(
        "combine_production",
        "Combine harvesters produced",
        "Произведено комбайнов",
        "Шығарылған комбайндар",
        "units",
        "count",
        "agricultural",
        "Number of combine harvesters produced.",
    ),
    _ind(
        "agri_trailed_machines_supplied",
        "Trailed and mounted farm machines supplied",
        "Поставлено прицепной и навесной сельхозтехники",
        "Жеткізілген тіркемелі және аспалы ауыл шаруашылығы техникасы",
        "units",
        "count",
        "agricultural",
        "Number of trailed and mounted agricultural machines supplied.",
    ),
    # --- other sub-sectors -----------------------------------------------------------
    _ind(
        "electrical_output",
        "Electrical equipment output",
        "Объём производства электрического оборудования",
        "Электр жабдықтары өндірісінің көлемі",
        "bn KZT",
        "nominal_value",
        "electrical",
        "Value of electrical-equipment production (OKED 27), current prices.",
    ),
    _ind(
        "electrical_output_growth",
        "Electrical equipment growth",
        "Рост производства электрического оборудования",
        "Электр жабдықтары өндірісінің өсімі",
        "%",
        "unspecified_growth",
        "electrical",
        "Growth of electrical engineering (OKED 27); basis not stated.",
        level="electrical_output",
    ),
    _ind(
        "machinery_output",
        "Machinery and equipment output",
        "Объём производства машин и оборудования",
        "Машиналар мен жабдықтар өндірісінің көлемі",
        "bn KZT",
        "nominal_value",
        "machinery_equipment",
        "Value of machinery and equipment n.e.c. production (OKED 28), current prices.",
    ),
    _ind(
        "machinery_output_growth",
        "Machinery and equipment growth",
        "Рост производства машин и оборудования",
        "Машиналар мен жабдықтар өндірісінің өсімі",
        "%",
        "unspecified_growth",
        "machinery_equipment",
        "Growth of machinery and equipment n.e.c. (OKED 28); basis not stated.",
        level="machinery_output",
    ),
    _ind(
        "other_transport_output_growth",
        "Other transport equipment growth",
        "Рост производства прочих транспортных средств",
        "Басқа көлік құралдары өндірісінің өсімі",
        "%",
        "unspecified_growth",
        "other_transport",
        "Growth of other transport equipment (OKED 30).",
    ),
    _ind(
        "mining_mb_output_growth",
        "Mining and metallurgical machine-building growth",
        "Рост горно-металлургического машиностроения",
        "Тау-кен металлургиялық машина жасаудың өсімі",
        "%",
        "unspecified_growth",
        "mining",
        "Growth of mining and metallurgical equipment production.",
    ),
    _ind(
        "oil_gas_mb_output_growth",
        "Oil-and-gas machine-building growth",
        "Рост нефтегазового машиностроения",
        "Мұнай-газ машина жасауының өсімі",
        "%",
        "unspecified_growth",
        "oil_gas",
        "Growth of oil-and-gas equipment production.",
    ),
    _ind(
        "mb_ex_auto_output",
        "Machine-building output other than automotive",
        "Объём производства машиностроения без автомобилестроения",
        "Автомобиль жасаудан басқа машина жасау өнімінің көлемі",
        "bn KZT",
        "nominal_value",
        "machine_building_ex_automotive",
        "Value of production of the machine-building sectors other than automotive.",
    ),
    # --- manufacturing ---------------------------------------------------------------
    _ind(
        "mfg_output",
        "Manufacturing output",
        "Объём производства обрабатывающей промышленности",
        "Өңдеу өнеркәсібі өнімінің көлемі",
        "bn KZT",
        "nominal_value",
        "manufacturing",
        "Value of manufacturing production in current prices.",
    ),
    _ind(
        "mfg_output_growth_real",
        "Manufacturing output, real growth",
        "Индекс физического объёма обрабатывающей промышленности",
        "Өңдеу өнеркәсібінің нақты көлем индексі",
        "%",
        "real_growth",
        "manufacturing",
        "Change in the physical volume of manufacturing production.",
        family="mfg_output_growth",
    ),
    _ind(
        "mfg_output_growth",
        "Manufacturing growth (basis not stated)",
        "Рост обрабатывающей промышленности (база не указана)",
        "Өңдеу өнеркәсібінің өсімі (негізі көрсетілмеген)",
        "%",
        "unspecified_growth",
        "manufacturing",
        "Growth of manufacturing where the source does not give the basis.",
        family="mfg_output_growth",
        level="mfg_output",
    ),
    _ind(
        "mfg_share_of_industry",
        "Manufacturing's share of industry",
        "Доля обрабатывающей промышленности в промышленности",
        "Өнеркәсіптегі өңдеу өнеркәсібінің үлесі",
        "%",
        "share",
        "manufacturing",
        "Manufacturing output as a percentage of industrial output.",
    ),
    _ind(
        "mfg_exports",
        "Manufactured exports",
        "Экспорт обработанной продукции",
        "Өңделген тауарлар экспорты",
        "bn USD",
        "nominal_value",
        "manufacturing",
        "Exports of processed (manufactured) goods in US dollars.",
    ),
    _ind(
        "mfg_exports_share_of_exports",
        "Manufactured goods' share of exports",
        "Доля обработанной продукции в экспорте",
        "Экспорттағы өңделген өнім үлесі",
        "%",
        "share",
        "manufacturing",
        "Manufactured exports as a percentage of total exports.",
    ),
    _ind(
        "mfg_exports_growth",
        "Growth of manufactured exports",
        "Рост экспорта обработанной продукции",
        "Өңделген тауарлар экспортының өсімі",
        "%",
        "unspecified_growth",
        "manufacturing",
        "Change in exports of processed goods.",
        level="mfg_exports",
    ),
    _ind(
        "mfg_labour_productivity",
        "Labour productivity in manufacturing",
        "Производительность труда в обрабатывающей промышленности",
        "Өңдеу өнеркәсібіндегі еңбек өнімділігі",
        "mn KZT per worker",
        "nominal_value",
        "manufacturing",
        "Output per worker in manufacturing, tenge.",
    ),
    _ind(
        "mfg_labour_productivity_growth",
        "Growth of labour productivity in manufacturing",
        "Рост производительности труда в обрабатывающей промышленности",
        "Өңдеу өнеркәсібіндегі еңбек өнімділігінің өсімі",
        "%",
        "unspecified_growth",
        "manufacturing",
        "Change in output per worker in manufacturing.",
    ),
    _ind(
        "mfg_investment_growth",
        "Growth of investment in fixed capital of manufacturing",
        "Рост инвестиций в основной капитал обрабатывающей промышленности",
        "Өңдеу өнеркәсібінің негізгі капиталына инвестицияның өсімі",
        "%",
        "unspecified_growth",
        "manufacturing",
        "Change in fixed investment in manufacturing.",
    ),
    # --- industry and economy --------------------------------------------------------
    _ind(
        "industry_output",
        "Industrial output",
        "Объём промышленного производства",
        "Өнеркәсіп өнімінің көлемі",
        "bn KZT",
        "nominal_value",
        "industry",
        "Value of industrial production (mining, manufacturing, utilities), current prices.",
    ),
    _ind(
        "industry_output_growth_real",
        "Industrial output, real growth",
        "Индекс физического объёма промышленности",
        "Өнеркәсіптің нақты көлем индексі",
        "%",
        "real_growth",
        "industry",
        "Change in the physical volume of industrial output.",
    ),
    _ind(
        "imports",
        "Imports",
        "Импорт",
        "Импорт",
        "bn USD",
        "nominal_value",
        "economy",
        "Total imports of Kazakhstan in US dollars.",
    ),
    _ind(
        "eci_rank",
        "Economic Complexity Index rank",
        "Место в индексе экономической сложности",
        "Экономикалық күрделілік индексіндегі орын",
        "rank",
        "rank",
        "economy",
        "Kazakhstan's place in the Harvard Economic Complexity Index ranking.",
    ),
    _ind(
        "enterprises_per_1000_growth",
        "Growth of operating enterprises per 1,000 economically active people",
        "Рост числа действующих предприятий на 1000 экономически активного населения",
        "Экономикалық белсенді халықтың 1000 адамына шаққандағы кәсіпорындар санының өсімі",
        "%",
        "unspecified_growth",
        "economy",
        "Change in operating enterprises per 1,000 economically active people.",
    ),
    _ind(
        "agri_exports_to_china_growth",
        "Growth of agricultural exports to China",
        "Рост экспорта сельхозпродукции в Китай",
        "Қытайға ауыл шаруашылығы өнімдері экспортының өсімі",
        "%",
        "unspecified_growth",
        "agriculture",
        "Change in exports of agricultural products to China.",
    ),
)

_BY_ID: Final[dict[str, Indicator]] = {indicator.id: indicator for indicator in INDICATORS}
if len(_BY_ID) != len(INDICATORS):  # pragma: no cover - guarded by tests too
    raise RuntimeError("duplicate indicator id in the catalogue")


def get(indicator_id: str) -> Indicator:
    """Return the declared indicator ``indicator_id``.

    Raises
    ------
    KeyError
        If no such indicator is declared; the message lists close matches.
    """
    try:
        return _BY_ID[indicator_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(indicator_id, _BY_ID, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise KeyError(f"unknown indicator {indicator_id!r}{hint}") from None


def ids() -> tuple[str, ...]:
    """Return all declared indicator ids in declaration order."""
    return tuple(_BY_ID)


# --- chart and deck vocabulary ---------------------------------------------------------------
#
# Every word a chart, footer or slide prints, in every language of LANGUAGES. Templates use
# str.format fields; the charts fill them with numbers already formatted for the language.


def _terms(**entries: tuple[str, str, str]) -> dict[str, dict[str, str]]:
    return {key: dict(zip(LANGUAGES, texts, strict=True)) for key, texts in entries.items()}


#: Month abbreviations for period labels, January first.
MONTHS_SHORT: Final[dict[str, tuple[str, ...]]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
    "kk": ("қаң", "ақп", "нау", "сәу", "мам", "мау", "шіл", "там", "қыр", "қаз", "қар", "жел"),
}

#: Decimal mark and thousands separator by language.
NUMBER_FORMAT: Final[dict[str, tuple[str, str]]] = {
    "en": (".", ","),
    "ru": (",", "\u00a0"),
    "kk": (",", "\u00a0"),
}

#: Names of the programmes in the target registry (``data/raw/targets.csv``), by language.
PROGRAMME_NAMES: Final[dict[str, dict[str, str]]] = _terms(
    **{
        "Roadmap to 2024": (
            "Roadmap to 2024",
            "Дорожная карта до 2024 г.",
            "2024 жылға дейінгі жол картасы",
        ),
        "Comprehensive Plan 2024-2028": (
            "Comprehensive Plan 2024–2028",
            "Комплексный план 2024–2028",
            "2024–2028 жылдарға арналған кешенді жоспар",
        ),
        "State programme 2020-2025": (
            "State programme 2020–2025",
            "Госпрограмма 2020–2025",
            "2020–2025 жылдарға арналған мемлекеттік бағдарлама",
        ),
        "State-of-the-Nation Address 2021": (
            "State-of-the-Nation Address 2021",
            "Послание народу 2021 г.",
            "2021 жылғы Жолдау",
        ),
    }
)

#: Display names of the canonical units, by language (a unit missing here prints as declared).
UNIT_NAMES: Final[dict[str, dict[str, str]]] = _terms(
    **{
        "bn KZT": ("bn tenge", "млрд тенге", "млрд теңге"),
        "bn USD": ("bn US dollars", "млрд долл. США", "млрд АҚШ доллары"),
        "mn USD": ("mn US dollars", "млн долл. США", "млн АҚШ доллары"),
        "thousand USD per worker": (
            "thousand US dollars per worker",
            "тыс. долл. США на работника",
            "бір жұмыскерге мың АҚШ доллары",
        ),
        "rank": ("place", "место", "орын"),
        "units": ("units", "ед.", "дана"),
        "%": ("%", "%", "%"),
    }
)

TERMS: Final[dict[str, dict[str, str]]] = _terms(
    # periods
    period_year=("{year}", "{year}", "{year}"),
    period_ytd=("{m1}–{m2} {year}", "{m1}–{m2} {year}", "{year} ж. {m1}–{m2}"),
    period_month=("{m1} {year}", "{m1} {year}", "{year} ж. {m1}"),
    period_quarter=("Q{n} {year}", "{n} кв. {year}", "{year} ж. {n}-тоқсан"),
    period_half=("H{n} {year}", "{n} пол. {year}", "{year} ж. {n}-жартыжылдық"),
    period_span=("{y1}–{y2}", "{y1}–{y2}", "{y1}–{y2}"),
    period_ytd_unstated=("{year} to date", "{year}, с начала года", "{year}, жыл басынан"),
    period_point=("as of {m1} {year}", "на {m1} {year}", "{year} ж. {m1} жағдайы"),
    # units and number words
    thousand=("thousand", "тыс.", "мың"),
    bn=("bn", "млрд", "млрд"),
    trn=("trn", "трлн", "трлн"),
    tenge=("tenge", "тенге", "теңге"),
    unit_bn_kzt=("bn tenge", "млрд тенге", "млрд теңге"),
    unit_thousand_vehicles=("thousand vehicles", "тыс. автомобилей", "мың автокөлік"),
    unit_pct_yoy=(
        "% change on a year earlier",
        "% к тому же периоду прошлого года",
        "өткен жылдың сол кезеңіне қарағанда, %",
    ),
    unit_pct_per_year=("% a year", "% в год", "жылына, %"),
    # footer
    source=("Source", "Источник", "Дереккөз"),
    sources=("Sources", "Источники", "Дереккөздер"),
    note=("Note", "Примечание", "Ескерту"),
    and_more=("and {n} more", "и ещё {n}", "тағы {n}"),
    as_of_line=(
        "Data as of {as_of} ({release}); kzmach {version}, built {built}.",
        "Данные на {as_of} ({release}); kzmach {version}, сборка {built}.",
        "Деректер {as_of} бойынша ({release}); kzmach {version}, жинақталды {built}.",
    ),
    all_published=("everything published", "всё опубликованное", "барлық жарияланғаны"),
    note_ytd=(
        "Year to date (January to the month shown), not comparable with full years: {periods}.",
        "С начала года (январь — указанный месяц), несопоставимо с полным годом: {periods}.",
        "Жыл басынан (қаңтардан көрсетілген айға дейін), толық жылмен салыстырылмайды: {periods}.",
    ),
    note_nominal=(
        "Levels in current prices (nominal tenge): their growth includes price changes.",
        "Уровни в текущих ценах (номинальные тенге): их рост включает рост цен.",
        "Деңгейлер ағымдағы бағамен (номиналды теңге): өсімі баға өзгерісін де қамтиды.",
    ),
    note_real=(
        "Real growth: physical volume index, % change on a year earlier.",
        "Реальный рост: индекс физического объёма, % к предыдущему году.",
        "Нақты өсім: нақты көлем индексі, алдыңғы жылға қарағанда %.",
    ),
    note_unspecified=(
        "The source does not say whether the growth is real or nominal: {periods}.",
        "Источник не уточняет, реальный это рост или номинальный: {periods}.",
        "Дереккөз өсімнің нақты не номиналды екенін көрсетпейді: {periods}.",
    ),
    note_preliminary=(
        "Preliminary: {periods}.",
        "Предварительные данные: {periods}.",
        "Алдын ала деректер: {periods}.",
    ),
    note_inferred=(
        "Period inferred by the compiler, not stated by the source: {periods}.",
        "Период определён составителем, в источнике не указан: {periods}.",
        "Кезеңді құрастырушы анықтады, дереккөзде көрсетілмеген: {periods}.",
    ),
    note_more_than=(
        "The source says “more than”; the bound is plotted (>): {periods}.",
        "В источнике «более»; показана названная граница (>): {periods}.",
        "Дереккөзде «астам»; аталған шек көрсетілген (>): {periods}.",
    ),
    note_about=(
        "The source says “about” (≈): {periods}.",
        "В источнике «около» (≈): {periods}.",
        "Дереккөзде «шамамен» (≈): {periods}.",
    ),
    note_bound=(
        "The source gives a bound (“up to”, “at least”, “almost”): {periods}.",
        "В источнике граница («до», «не менее», «почти»): {periods}.",
        "Дереккөзде шек берілген («дейін», «кемінде», «жуық»): {periods}.",
    ),
    note_plan=(
        "Plans are intentions, not outcomes: {periods}.",
        "Планы — намерения, а не результаты: {periods}.",
        "Жоспарлар — нәтиже емес, ниет: {periods}.",
    ),
    # series labels
    full_year=("full year", "полный год", "толық жыл"),
    year_to_date=("year to date", "с начала года", "жыл басынан"),
    stated=("stated", "заявлено", "мәлімделген"),
    computed=("computed from levels", "рассчитано по уровням", "деңгейлерден есептелген"),
    plan=("plan", "план", "жоспар"),
    trend_label=("trend {growth}% a year", "тренд {growth}% в год", "тренд жылына {growth}%"),
    required=("required", "нужно", "қажет"),
    achieved=("achieved", "достигнуто", "қол жеткізілді"),
    targets_count=("number of targets", "число целей", "мақсаттар саны"),
    pct_of_target=(
        "latest level, % of the target",
        "последний уровень, % от цели",
        "соңғы деңгей, мақсаттың %-ы",
    ),
    status_met=("met", "выполнена", "орындалды"),
    status_on_track=("on track", "в графике", "кестеде"),
    status_at_risk=("at risk", "под угрозой", "қауіп бар"),
    status_off_track=("off track", "отстаёт", "артта қалды"),
    status_not_measurable=("not measurable", "не измерима", "өлшенбейді"),
    verdict_agrees=("agrees", "сходится", "сәйкес"),
    verdict_disagrees=("disagrees", "не сходится", "сәйкес емес"),
    no_pace=("no pace to compare", "нет темпа для сравнения", "салыстыратын қарқын жоқ"),
    # chart titles and subtitles
    title_output_up=(
        "Machine-building output grew {multiple}-fold in {start}–{end}, in current prices",
        "Выпуск машиностроения вырос в {multiple} раза за {start}–{end} гг. в текущих ценах",
        "Машина жасау өнімі {start}–{end} жылдары ағымдағы бағамен {multiple} есе өсті",
    ),
    title_output_down=(
        "Machine-building output fell to {multiple} times its {start} level by {end}",
        "Выпуск машиностроения к {end} г. снизился до {multiple} от уровня {start} г.",
        "Машина жасау өнімі {end} жылға қарай {start} жылғы деңгейдің {multiple} еселігіне"
        " дейін төмендеді",
    ),
    subtitle_output=(
        "Output, {unit}, current prices (top); real growth, {pct} (bottom)",
        "Выпуск, {unit}, в текущих ценах (вверху); реальный рост, {pct} (внизу)",
        "Өнім, {unit}, ағымдағы бағамен (жоғарыда); нақты өсім, {pct} (төменде)",
    ),
    title_share=(
        "Computed from output levels, machine building was {computed}% of manufacturing in"
        " {year}, not the {stated}% stated",
        "По уровням выпуска доля машиностроения в обрабатывающей промышленности в {year} г."
        " — {computed}%, а не заявленные {stated}%",
        "Өнім деңгейлері бойынша {year} жылы машина жасау өңдеу өнеркәсібінің {computed}%-ы"
        " болды, мәлімделген {stated}% емес",
    ),
    title_share_stated=(
        "Machine building's stated share of manufacturing: {first}% in {y0}, {last}% in {y1}",
        "Заявленная доля машиностроения в обрабатывающей промышленности: {first}% в {y0} г.,"
        " {last}% в {y1} г.",
        "Машина жасаудың өңдеу өнеркәсібіндегі мәлімделген үлесі: {y0} ж. {first}%,"
        " {y1} ж. {last}%",
    ),
    subtitle_share=(
        "Share of manufacturing output, %: as stated by sources and as computed from output levels",
        "Доля в выпуске обрабатывающей промышленности, %: по заявлениям источников и по"
        " уровням выпуска",
        "Өңдеу өнеркәсібі өніміндегі үлес, %: дереккөздер мәлімдегені және өнім"
        " деңгейлерінен есептелгені",
    ),
    title_targets=(
        "{measurable} of {total} official targets can be measured with published data;"
        " {met} already met",
        "{measurable} из {total} официальных целей измеримы по опубликованным данным;"
        " выполнено {met}",
        "{total} ресми мақсаттың {measurable}-і жарияланған деректермен өлшенеді; {met} орындалды",
    ),
    subtitle_targets=(
        "Left: the latest level as % of each level target; right: all targets by programme"
        " and status",
        "Слева: последний уровень в % от целевого; справа: все цели по программам и статусу",
        "Сол жақта: соңғы деңгей мақсатты деңгейдің %-ымен; оң жақта: барлық мақсаттар"
        " бағдарлама мен мәртебе бойынша",
    ),
    title_claims=(
        "{disagree} of {total} stated figures do not match the levels they rest on",
        "{disagree} из {total} заявленных цифр не сходятся с уровнями, на которых основаны",
        "Мәлімделген {total} көрсеткіштің {disagree}-і өз деңгейлерімен сәйкес келмейді",
    ),
    subtitle_claims=(
        "Stated value (circle) and the value computed from the sources' levels (diamond), %",
        "Заявленное значение (круг) и рассчитанное по уровням источников (ромб), %",
        "Мәлімделген мән (шеңбер) және дереккөз деңгейлерінен есептелген мән (ромб), %",
    ),
    title_subsector=(
        "Fastest-growing sub-sector in {period}: {sector} ({value}%)",
        "Быстрее всего за {period} росла подотрасль «{sector}» ({value}%)",
        "{period} кезеңінде ең жылдам өскен сала: «{sector}» ({value}%)",
    ),
    subtitle_subsector=(
        "Growth by sub-sector, {pct}",
        "Рост по подотраслям, {pct}",
        "Салалар бойынша өсім, {pct}",
    ),
    title_vehicles_up=(
        "Vehicle production rose from {first} thousand in {y0} to {last} thousand in {y1}",
        "Производство автомобилей выросло с {first} тыс. в {y0} г. до {last} тыс. в {y1} г.",
        "Автокөлік өндірісі {y0} жылғы {first} мыңнан {y1} жылы {last} мыңға өсті",
    ),
    title_vehicles_down=(
        "Vehicle production fell from {first} thousand in {y0} to {last} thousand in {y1}",
        "Производство автомобилей снизилось с {first} тыс. в {y0} г. до {last} тыс. в {y1} г.",
        "Автокөлік өндірісі {y0} жылғы {first} мыңнан {y1} жылы {last} мыңға төмендеді",
    ),
    subtitle_vehicles=(
        "Vehicles produced, {unit}: full years (bars), year to date (hatched), plans (outline)",
        "Произведено автомобилей, {unit}: полные годы (столбцы), с начала года (штриховка),"
        " планы (контур)",
        "Шығарылған автокөлік, {unit}: толық жылдар (бағандар), жыл басынан (штрих),"
        " жоспарлар (контур)",
    ),
    # roadmap measures (issue 6)
    title_roadmap_sections=(
        "The roadmap's {n} measures: {top} has the most ({count})",
        "{n} мер дорожной карты: больше всего в разделе «{top}» ({count})",
        "Жол картасының {n} шарасы: ең көбі «{top}» бөлімінде ({count})",
    ),
    subtitle_roadmap_sections=(
        "Measures of the 2022 Roadmap for machine building to 2024, by section:"
        " one-off and recurring deadlines",
        "Меры Дорожной карты машиностроения до 2024 г. (ред. 2022 г.) по разделам:"
        " разовые и ежегодные сроки",
        "Машина жасаудың 2024 жылға дейінгі жол картасының (2022 ж. ред.) шаралары бөлімдер"
        " бойынша: бір реттік және жыл сайынғы мерзімдер",
    ),
    one_off=("one-off deadline", "разовый срок", "бір реттік мерзім"),
    recurring=("recurring every year", "ежегодный срок", "жыл сайынғы мерзім"),
    title_roadmap_bodies=(
        "{lead} leads {led} of the {n} measures; {partner} takes part in {named}",
        "{lead} ведёт {led} из {n} мер; {partner} участвует в {named}",
        "{n} шараның {led} шарасын {lead} басқарады; {partner} {named} шараға қатысады",
    ),
    subtitle_roadmap_bodies=(
        "Measures per responsible body (abbreviations as in the order): lead, other executor,"
        " by agreement",
        "Число мер по ответственным органам (сокращения как в распоряжении): головной,"
        " соисполнитель, по согласованию",
        "Жауапты органдар бойынша шаралар саны (қысқартулар өкімдегідей): басшы,"
        " қосалқы орындаушы, келісу бойынша",
    ),
    lead_body=("lead (named first)", "головной (назван первым)", "басшы (бірінші аталған)"),
    co_executor=("other executor", "соисполнитель", "қосалқы орындаушы"),
    by_agreement=("by agreement", "по согласованию", "келісу бойынша"),
    others_once=(
        "{n} others, named once each",
        "ещё {n}, по одному разу",
        "тағы {n}, әрқайсысы бір рет",
    ),
    title_roadmap_timeline=(
        "The measures fall due from {first} to {last}; {busiest} has the most deadlines ({count})",
        "Сроки мер — с {first} по {last}; больше всего сроков в {busiest} ({count})",
        "Шаралардың мерзімі {first} – {last}; ең көп мерзім {busiest} айында ({count})",
    ),
    subtitle_roadmap_timeline=(
        "Deadlines per measure: a month-long bar where the order names a month, a diamond"
        " where it names a day; by section",
        "Сроки по мерам: полоса на месяц, если указан месяц, ромб — если указан день; по разделам",
        "Шаралардың мерзімдері: ай аталса — бір айлық жолақ, күн аталса — ромб; бөлімдер бойынша",
    ),
    title_roadmap_due=(
        "By {as_of}, {due} of the {n} measures had fallen due; {status}",
        "К {as_of} наступил срок {due} из {n} мер; {status}",
        "{as_of} қарай {n} шараның {due} шарасының мерзімі келді; {status}",
    ),
    status_none_recorded=(
        "none has a recorded completion status",
        "статус исполнения не зафиксирован ни для одной",
        "ешбірінің орындалу мәртебесі тіркелмеген",
    ),
    status_some_recorded=(
        "{n} have a recorded status",
        "статус зафиксирован для {n}",
        "{n} шараның мәртебесі тіркелген",
    ),
    subtitle_roadmap_due=(
        "Measures with a deadline passed (first deadline) and with every deadline passed, by date",
        "Число мер, у которых наступил первый срок и все сроки, по датам",
        "Бірінші мерзімі және барлық мерзімі өткен шаралар саны, күндер бойынша",
    ),
    first_deadline_passed=(
        "first deadline passed",
        "наступил первый срок",
        "бірінші мерзімі өтті",
    ),
    all_deadlines_passed=("every deadline passed", "наступили все сроки", "барлық мерзімі өтті"),
    as_of_marker=("as of {date}", "на {date}", "{date} жағдайы"),
    status_unknown=("status unknown", "статус неизвестен", "мәртебесі белгісіз"),
    note_roadmap_status=(
        "The order does not report completion and no sourced status is recorded"
        " (data/raw/roadmap/measure-status.csv): every measure's status is unknown.",
        "Распоряжение не сообщает об исполнении, и подтверждённый источником статус не внесён"
        " (data/raw/roadmap/measure-status.csv): статус всех мер неизвестен.",
        "Өкім орындалу туралы хабарламайды, дереккөзі бар мәртебе тіркелмеген"
        " (data/raw/roadmap/measure-status.csv): барлық шараның мәртебесі белгісіз.",
    ),
    note_roadmap_lead=(
        "The lead is the body named first (the order names no lead); 'by agreement' marks"
        ' bodies written with "(келісу бойынша)".',
        "Головной — названный первым (распоряжение его не указывает); «по согласованию» —"
        " органы с пометкой «(келісу бойынша)».",
        "Басшы орган — бірінші аталғаны (өкімде басшы көрсетілмеген); «келісу бойынша» —"
        " «(келісу бойынша)» деп жазылған органдар.",
    ),
    note_roadmap_month=(
        "A deadline naming a month is counted as due on its last day.",
        "Срок, указанный месяцем, считается наступившим в последний день месяца.",
        "Ай түрінде берілген мерзім сол айдың соңғы күні келді деп есептеледі.",
    ),
    note_roadmap_titles=(
        "Measure titles in Kazakh, as written in the order.",
        "Названия мер на казахском языке, как в распоряжении.",
        "Шаралардың атаулары өкімдегідей.",
    ),
    # deck
    deck_title=(
        "Kazakhstan's machine building: briefing charts",
        "Машиностроение Казахстана: графики к брифингу",
        "Қазақстанның машина жасау саласы: брифингке арналған графиктер",
    ),
    deck_subtitle=(
        "Data as of {as_of} · built {built} · kzmach {version}",
        "Данные на {as_of} · сборка {built} · kzmach {version}",
        "Деректер {as_of} бойынша · жинақталды {built} · kzmach {version}",
    ),
    deck_targets_title=(
        "Official targets and where each stands ({page}/{pages})",
        "Официальные цели и их выполнение ({page}/{pages})",
        "Ресми мақсаттар және олардың орындалуы ({page}/{pages})",
    ),
    col_programme=("Programme", "Программа", "Бағдарлама"),
    col_target=("Target", "Цель", "Мақсат"),
    col_required=("Required, %/yr", "Нужно, %/год", "Қажет, %/жыл"),
    col_achieved=("Achieved, %/yr", "Достигнуто, %/год", "Жетті, %/жыл"),
    col_status=("Status", "Статус", "Мәртебе"),
    caveats=("Caveats", "Оговорки", "Ескертпелер"),
)


def term(key: str, language: str = "en", **fields: object) -> str:
    """Return the chart term ``key`` in ``language``, with template ``fields`` filled in.

    Raises
    ------
    KeyError
        If ``key`` is not declared in :data:`TERMS`.
    ValueError
        If ``language`` is not one of :data:`LANGUAGES`.
    """
    check_language(language)
    text = TERMS[key][language]
    return text.format(**fields) if fields else text


def programme_name(programme: str, language: str = "en") -> str:
    """Return a programme's name in ``language``; an undeclared programme keeps its own name."""
    check_language(language)
    return PROGRAMME_NAMES.get(programme, {}).get(language, programme)


def unit_name(unit: str, language: str = "en") -> str:
    """Return the display name of a canonical unit in ``language``."""
    check_language(language)
    return UNIT_NAMES.get(unit, {}).get(language, unit)


def check_language(language: str) -> str:
    """Return ``language`` if declared; otherwise raise a :class:`ValueError` naming the choices."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: choose one of {', '.join(LANGUAGES)}")
    return language
