from django.urls import path

from flows import (
    api,
    picture_views,
    pooling_views,
    spreadsheet_views,
    synergy_views,
    views,
    workshop_views,
)

app_name = "flows"

urlpatterns = [
    path("flux/", views.index, name="index"),
    path("flux/<int:pk>/", views.flow_detail, name="flow"),
    path("flux/<int:pk>/mise-en-relation/", views.introduction, name="introduction"),
    path("flux/a-confirmer/", views.to_confirm, name="to-confirm"),
    path("flux/import/", spreadsheet_views.upload, name="import"),
    path("flux/modele.<str:fmt>", spreadsheet_views.template, name="template"),
    path("flux/export.<str:fmt>", spreadsheet_views.export, name="export"),
    path("flux/mutualisation/", pooling_views.pooling, name="pooling"),
    path("flux/mutualisation/ouvrir/", pooling_views.open_opportunity, name="pooling-open"),
    path("flux/mutualisation/<int:pk>/", pooling_views.opportunity, name="opportunity"),
    path("flux/carte/", picture_views.flows_map, name="map"),
    path("flux/sankey/", picture_views.sankey, name="sankey"),
    path("flux/atelier/", workshop_views.workshop, name="workshop"),
    path("flux/synergies/", synergy_views.synergy_list, name="synergies"),
    path("flux/synergies/<int:pk>/", synergy_views.synergy_detail, name="synergy"),
    path(
        "flux/synergies/<int:pk>/retour-experience/",
        synergy_views.draft_feedback,
        name="synergy-feedback",
    ),
    path("api/flows/pooling/", api.pooling, name="api-pooling"),
    path("api/flows/<int:pk>/matches/", api.matches, name="api-matches"),
]
