from django.urls import path

from flows.views import (
    api,
    bilan,
    opendata,
    pictures,
    pooling,
    register,
    spreadsheets,
    synergies,
    workshop,
)

app_name = "flows"

urlpatterns = [
    path("flux/", register.index, name="index"),
    path("flux/<int:pk>/", register.flow_detail, name="flow"),
    path("flux/<int:pk>/mise-en-relation/", register.introduction, name="introduction"),
    path("flux/a-confirmer/", register.to_confirm, name="to-confirm"),
    path("flux/import/", spreadsheets.upload, name="import"),
    path("flux/modele.<str:fmt>", spreadsheets.template, name="template"),
    path("flux/export.<str:fmt>", spreadsheets.export, name="export"),
    path("flux/mutualisation/", pooling.pooling, name="pooling"),
    path("flux/mutualisation/ouvrir/", pooling.open_opportunity, name="pooling-open"),
    path("flux/mutualisation/<int:pk>/", pooling.opportunity, name="opportunity"),
    path("flux/carte/", pictures.flows_map, name="map"),
    path("flux/sankey/", pictures.sankey, name="sankey"),
    path("flux/atelier/", workshop.workshop, name="workshop"),
    path("flux/synergies/", synergies.synergy_list, name="synergies"),
    path("flux/synergies/nouvelle/", synergies.synergy_create, name="synergy-create"),
    path("flux/synergies/<int:pk>/", synergies.synergy_detail, name="synergy"),
    path("flux/synergies/<int:pk>/fiche/", synergies.synergy_fiche, name="synergy-fiche"),
    path(
        "flux/synergies/<int:pk>/analyse/<int:site_pk>/",
        synergies.business_case,
        name="business-case",
    ),
    path("flux/synergies/<int:pk>/impact/", synergies.impact_record, name="impact-add"),
    path(
        "flux/synergies/<int:pk>/impact/<int:record_pk>/",
        synergies.impact_record,
        name="impact-edit",
    ),
    path(
        "flux/synergies/<int:pk>/retour-experience/",
        synergies.draft_feedback,
        name="synergy-feedback",
    ),
    path("donnees/", opendata.open_data, name="open-data"),
    path("donnees/flux.csv", opendata.open_data_csv, name="open-data-csv"),
    path("donnees/flux.json", opendata.open_data_json, name="open-data-json"),
    path("api/flows/pooling/", api.pooling, name="api-pooling"),
    path("api/flows/funnel/", api.funnel, name="api-funnel"),
    path("indicateurs/bilan/<int:year>/", bilan.report, name="bilan"),
    path("territoires/<slug:slug>/bilan/<int:year>/", bilan.report, name="territory-bilan"),
    path("api/flows/<int:pk>/matches/", api.matches, name="api-matches"),
]
