"""The products of the resources-and-use table that kzmach names, declared once.

The Bureau's resources and use of products (publication 19065) lists 46 machinery,
electrical and instrument products under their Russian names, each with the mirror's code
(a transliterated slug). :data:`KEY_PRODUCTS` gives the ones a briefing names (cars, buses,
trucks, tractors, wagons …) and the members of a group a short name in every display
language; every other product keeps its name as published (in Russian).
:data:`PRODUCT_GROUPS` sums products of one unit into a group (road motor vehicles,
construction machinery): a product the table flags is left out of its group's total, and
the total says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["BRIEFING_PRODUCTS", "KEY_PRODUCTS", "PRODUCT_GROUPS", "Product", "ProductGroup"]


@dataclass(frozen=True, slots=True)
class Product:
    """A product of the resources-and-use table with its short names.

    Attributes
    ----------
    code
        The mirror's code of the product (``product_code``).
    names
        Its short name in each display language.
    """

    code: str
    names: dict[str, str]


@dataclass(frozen=True, slots=True)
class ProductGroup:
    """Products of one physical unit summed into a group.

    Attributes
    ----------
    codes
        The mirror's codes of the products in it.
    names
        The group's name in each display language.
    """

    codes: tuple[str, ...]
    names: dict[str, str]


#: The products kzmach names in every language, by kzmach's key: key products first, in the
#: order a table lists them, then the members of :data:`PRODUCT_GROUPS`.
KEY_PRODUCTS: Final[dict[str, Product]] = {
    "cars": Product(
        "avtomobili_legkovye_passazhirskie_shtuk",
        {"en": "Passenger cars", "ru": "Легковые автомобили", "kk": "Жеңіл автомобильдер"},
    ),
    "buses": Product(
        "avtomobili_dlya_perevozki_desyati_ili_bolee_chelovek_shtuk",
        {"en": "Buses (10+ seats)", "ru": "Автобусы (от 10 мест)", "kk": "Автобустар (10+ орын)"},
    ),
    "trucks": Product(
        "avtomobili_gruzovye_shtuk",
        {"en": "Trucks", "ru": "Грузовые автомобили", "kk": "Жүк автомобильдері"},
    ),
    "special_vehicles": Product(
        "avtomobili_spetsialnye_i_spetsializirovannye_shtuk",
        {"en": "Special vehicles", "ru": "Специальные автомобили", "kk": "Арнайы автомобильдер"},
    ),
    "tractors": Product(
        "traktory_dlya_selskogo_i_lesnogo_khozyaystva_i_traktory_gusenichnye_shtuk",
        {"en": "Tractors", "ru": "Тракторы", "kk": "Тракторлар"},
    ),
    "freight_wagons": Product(
        "vagony_gruzovye_nesamokhodnye_shtuk",
        {"en": "Freight wagons", "ru": "Грузовые вагоны", "kk": "Жүк вагондары"},
    ),
    "electricity_meters": Product(
        "schetchiki_elektroenergii_vklyuchaya_kalibrovannye_shtuk",
        {
            "en": "Electricity meters",
            "ru": "Счетчики электроэнергии",
            "kk": "Электр энергиясын есептегіштер",
        },
    ),
    "washing_machines": Product(
        "mashiny_stiralnye_i_mashiny_dlya_sushki_odezhdy_bytovye_shtuk",
        {
            "en": "Washing machines",
            "ru": "Стиральные машины",
            "kk": "Кір жуғыш машиналар",
        },
    ),
    "refrigerators": Product(
        "kholodilniki_i_morozilniki_bytovye_shtuk",
        {"en": "Refrigerators", "ru": "Холодильники", "kk": "Тоңазытқыштар"},
    ),
    "off_road_dump_trucks": Product(
        "avtomobilisamosvaly_dlya_ispolzovaniya_v_usloviyakh_bezdorozhya_shtuk",
        {
            "en": "Off-road dump trucks",
            "ru": "Карьерные самосвалы",
            "kk": "Карьерлік өздігінен аударғыштар",
        },
    ),
    "bulldozers": Product(
        "buldozery_vklyuchaya_universalnye_samokhodnye_shtuk",
        {"en": "Bulldozers", "ru": "Бульдозеры", "kk": "Бульдозерлер"},
    ),
    "excavators": Product(
        "ekskavatory_odnokovshovye_mekhanicheskie_samokhodnye_i_pogruzchiki_kovshovye_nepoln_92a881",
        {
            "en": "Excavators and shovel loaders",
            "ru": "Экскаваторы и ковшовые погрузчики",
            "kk": "Экскаваторлар мен шөмішті тиегіштер",
        },
    ),
    "excavators_and_mining_machines": Product(
        "ekskavatory_odnokovshovye_mekhanicheskie_samokhodnye_i_pogruzchiki_kovshovye_nepoln_b43810",
        {
            "en": "Excavators, loaders and mining machines",
            "ru": "Экскаваторы, погрузчики и горные машины",
            "kk": "Экскаваторлар, тиегіштер және тау-кен машиналары",
        },
    ),
    "mobile_cranes": Product(
        "derrikkrany_krany_podemnye_fermy_podemnye_podvizhnye_transportery_stoechnye_i_avtom_9bc5e7",
        {"en": "Mobile cranes", "ru": "Подъемные краны", "kk": "Жүк көтергіш крандар"},
    ),
    "overhead_cranes": Product(
        "krany_mostovye_krome_kranov_na_nepodvizhnykh_oporakh_kozlovye_portalnye_fermy_podem_afea2d",
        {
            "en": "Overhead and gantry cranes",
            "ru": "Мостовые и козловые краны",
            "kk": "Көпірлі және қақпалы крандар",
        },
    ),
}
#: The products a briefing shows first (the domestic-market chart), in its order.
BRIEFING_PRODUCTS: Final = ("cars", "buses", "trucks", "tractors", "freight_wagons")

#: Groups of products of one unit (units), by kzmach's key.
PRODUCT_GROUPS: Final[dict[str, ProductGroup]] = {
    "road_motor_vehicles": ProductGroup(
        (
            "avtomobili_legkovye_passazhirskie_shtuk",
            "avtomobili_dlya_perevozki_desyati_ili_bolee_chelovek_shtuk",
            "avtomobili_gruzovye_shtuk",
            "avtomobili_spetsialnye_i_spetsializirovannye_shtuk",
            "avtomobilisamosvaly_dlya_ispolzovaniya_v_usloviyakh_bezdorozhya_shtuk",
        ),
        {
            "en": "Road motor vehicles",
            "ru": "Автотранспортные средства",
            "kk": "Автокөлік құралдары",
        },
    ),
    "construction_machinery": ProductGroup(
        (
            "buldozery_vklyuchaya_universalnye_samokhodnye_shtuk",
            "ekskavatory_odnokovshovye_mekhanicheskie_samokhodnye_i_pogruzchiki_kovshovye_nepoln_92a881",
            "ekskavatory_odnokovshovye_mekhanicheskie_samokhodnye_i_pogruzchiki_kovshovye_nepoln_b43810",
            "derrikkrany_krany_podemnye_fermy_podemnye_podvizhnye_transportery_stoechnye_i_avtom_9bc5e7",
            "krany_mostovye_krome_kranov_na_nepodvizhnykh_oporakh_kozlovye_portalnye_fermy_podem_afea2d",
        ),
        {
            "en": "Construction machinery and cranes",
            "ru": "Строительная техника и краны",
            "kk": "Құрылыс техникасы мен крандар",
        },
    ),
}
