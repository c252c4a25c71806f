"""The demo network's texts, read by `manage.py seed_demo`.

Every territory, structure, person and company here is invented (territories carry
`is_demo=True`, e-mails end in @exemple.fr); the figures are plausible orders of magnitude,
not measurements. Page types are named as the Wagtail API names them.
"""

# --- site structure -------------------------------------------------------------------

HOME = {
    "title": "Réseau EIT Grand Est",
    "slug": "accueil",
    "intro": (
        "<p>Le portail de capitalisation des animateurs et animatrices d'<b>écologie "
        "industrielle et territoriale</b> du Grand Est : retours d'expérience, fiches "
        "méthodologiques, indicateurs, veille, formation et kits de communication.</p>"
    ),
}

SECTIONS = [
    {
        "axis": "savoirs",
        "title": "Échanges de savoirs et méthodes",
        "intro": "<p>Les retours d'expérience des territoires et les fiches méthodologiques "
        "pour conduire une démarche, du diagnostic de flux à la convention entre "
        "entreprises.</p>",
    },
    {
        "axis": "communication",
        "title": "Communication",
        "intro": "<p>Des trames adaptables et des éléments de langage pour parler de votre "
        "démarche aux entreprises, aux élus et au grand public.</p>",
    },
    {
        "axis": "formation",
        "title": "Formation",
        "intro": "<p>Les enquêtes de besoins en formation du réseau : répondez-y pour "
        "orienter le programme de l'année.</p>",
    },
    {
        "axis": "veille",
        "title": "Veille",
        "intro": "<p>Chaque mois, une sélection de textes réglementaires, d'appels à "
        "projets, d'événements et d'études utiles aux démarches EIT.</p>",
    },
    {
        "axis": "indicateurs",
        "title": "Indicateurs",
        "intro": "<p>Comment définir, calculer et collecter les indicateurs de pilotage "
        "et d'évaluation des démarches du Grand Est.</p>",
    },
    {
        "axis": "ressources",
        "title": "Outils et capitalisation",
        "intro": "<p>Les outils partagés du réseau et les ressources transversales.</p>",
    },
]

STANDARD_PAGES = [
    {
        "slug": "accessibilite",
        "title": "Déclaration d'accessibilité",
        "body": [
            (
                "markdown",
                "## État de conformité\n\n"
                "Le portail du réseau EIT Grand Est est **partiellement conforme** aux règles "
                "pour l'accessibilité des contenus web (WCAG 2.1, niveau AA), reprises par le "
                "référentiel général d'amélioration de l'accessibilité (RGAA 4.1). Aucun audit "
                "complet par un organisme indépendant n'a encore été conduit.\n\n"
                "## Comment le portail a été testé\n\n"
                "- à chaque évolution, des tests automatiques ouvrent une page de chaque type "
                "(accueil, rubriques, retours d'expérience, fiches, guides d'indicateurs, lettres "
                "de veille, enquêtes, modèles de communication, recherche, tableau de bord) dans "
                "le navigateur Chromium et les analysent avec l'outil axe-core : aucune erreur "
                "grave n'y est tolérée ;\n"
                "- ces tests vérifient aussi la navigation au clavier seul (lien d'évitement, "
                "focus visible, suggestions de la recherche), le lien entre chaque erreur de "
                "formulaire et son champ, et l'affichage sur un écran de 375 pixels de large ;\n"
                "- les contrastes des couleurs du thème ont été calculés (au moins 4,5:1).\n\n"
                "Ces vérifications automatiques ne remplacent pas un audit : le portail n'a pas "
                "encore été testé de façon systématique avec des lecteurs d'écran (NVDA, "
                "VoiceOver) ni par des personnes en situation de handicap.\n\n"
                "## Contenus non accessibles ou partiellement accessibles\n\n"
                "- les courbes du tableau de bord des indicateurs sont des images : leurs données "
                "sont reprises dans un tableau sous chaque courbe ;\n"
                "- les documents joints (PDF, tableurs) déposés par les membres du réseau ne "
                "sont pas tous accessibles : demandez-en une version accessible à l'adresse "
                "ci-dessous ;\n"
                "- l'interface d'administration (Wagtail) n'est pas couverte par cette "
                "déclaration.\n\n"
                "## Signaler un problème\n\n"
                "Si vous ne parvenez pas à accéder à un contenu ou à un service, écrivez à "
                "[accessibilite@exemple.fr](mailto:accessibilite@exemple.fr) : nous vous "
                "répondrons et vous proposerons une alternative accessible. Si notre réponse ne "
                "vous satisfait pas, vous pouvez saisir le Défenseur des droits.\n\n"
                "*Déclaration établie en novembre 2026.*",
            )
        ],
    },
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "body": [
            (
                "markdown",
                "## Éditeur\n\n"
                "Portail de démonstration du réseau des démarches d'écologie industrielle et "
                "territoriale du Grand Est, édité par l'animation régionale (structure fictive "
                "dans cette version).\n\n"
                "## Données personnelles\n\n"
                "Le portail ne dépose aucun cookie de mesure d'audience. Les comptes des membres "
                "ne servent qu'à l'accès aux espaces réservés du réseau. Pour exercer vos "
                "droits, écrivez à [donnees@exemple.fr](mailto:donnees@exemple.fr).\n\n"
                "## Hébergement\n\n"
                "À préciser lors de la mise en production.",
            )
        ],
    },
    {
        "slug": "a-propos",
        "title": "À propos du réseau",
        "body": [
            (
                "markdown",
                "## Une communauté d'animateurs et d'animatrices\n\n"
                "Le réseau rassemble la douzaine de démarches d'écologie industrielle et "
                "territoriale (EIT) du Grand Est. L'animation régionale aide les territoires "
                "à partager leurs méthodes, à mutualiser leurs outils et à rendre compte de "
                "leurs résultats avec des indicateurs communs.\n\n"
                "## Six axes de travail\n\n"
                "1. Échanges de savoirs et soutien méthodologique\n"
                "2. Communication\n"
                "3. Formation\n"
                "4. Veille\n"
                "5. Indicateurs\n"
                "6. Outils et capitalisation, en transversal\n\n"
                "*Les territoires, structures et personnes présentés dans cette version de "
                "démonstration sont fictifs.*",
            ),
            (
                "key_figures",
                [
                    {"value": "12", "unit": "", "label": "démarches EIT en Grand Est"},
                    {"value": "6", "unit": "", "label": "axes d'animation régionale"},
                    {"value": "10", "unit": "", "label": "départements couverts"},
                ],
            ),
        ],
    },
]

# --- taxonomy (all invented: is_demo=True) ------------------------------------------




# --- users (all fictitious) -----------------------------------------------------------


USERS = [
    {
        "username": "animation.regionale",
        "first_name": "Élise",
        "last_name": "Fournier",
        "email": "animation.regionale@exemple.fr",
        "structure": "Animation régionale EIT Grand Est (démo)",
        "territory": None,
        "animator": True,
    },
    {
        "username": "lea.morel",
        "first_name": "Léa",
        "last_name": "Morel",
        "email": "lea.morel@exemple.fr",
        "structure": "Club fictif des industriels aubois",
        "territory": "ecopole-seine-auboise",
        "animator": False,
    },
    {
        "username": "thomas.muller",
        "first_name": "Thomas",
        "last_name": "Muller",
        "email": "thomas.muller@exemple.fr",
        "structure": "Association fictive Moselle Est Industrie",
        "territory": "moselle-est",
        "animator": False,
    },
]

# Profiles shown in the members' directory (/membres/annuaire/), keyed by username.
MEMBER_PROFILES = {
    "animation.regionale": {
        "role": "Chargée de mission régionale EIT",
        "skills": "animation de réseau, capitalisation, indicateurs",
        "themes": ["gouvernance", "energie"],
        "phone": "03 00 00 00 01",
        "show_phone": True,
        "bio": "Anime le réseau régional, relit et publie les contributions des territoires.",
    },
    "lea.morel": {
        "role": "Animatrice EIT",
        "skills": "diagnostic de flux, ateliers inter-entreprises, biomasse",
        "themes": ["matieres", "biodechets"],
        "phone": "03 00 00 00 02",
        "show_phone": False,
        "bio": "Accompagne les entreprises de la zone portuaire dans leurs synergies de matières.",
    },
    "thomas.muller": {
        "role": "Chargé de mission écologie industrielle",
        "skills": "chaleur fatale, logistique mutualisée",
        "themes": ["energie", "logistique"],
        "phone": "03 00 00 00 03",
        "show_phone": True,
        "bio": "Suit les projets de récupération de chaleur et les achats groupés d'énergie.",
    },
}

# The members-only space: a page restricted to the network's groups and a document in the
# "Espace membres" collection.
MEMBERS_PAGE = {
    "slug": "espace-membres",
    "title": "Espace membres",
    "body": [
        (
            "markdown",
            "## Bienvenue dans l'espace membres\n\n"
            "Cet espace est réservé aux membres du réseau EIT Grand Est. Vous y trouverez "
            "les comptes rendus des rencontres, les documents de travail et "
            "l'[annuaire des membres](/membres/annuaire/).",
        )
    ],
}
MEMBERS_DOCUMENT = {
    "title": "Compte rendu de la rencontre régionale (membres)",
    "filename": "compte-rendu-rencontre-regionale.pdf",
    "lines": [
        "Reseau EIT Grand Est - document reserve aux membres",
        "Compte rendu de la rencontre regionale des animateurs",
        "1. Tour des territoires",
        "2. Retours d'experience du semestre",
        "3. Programme de formation de l'annee",
    ],
}

# --- documents ------------------------------------------------------------------------

DOCUMENTS = {
    "grille-entretien": {
        "title": "Grille d'entretien des entreprises",
        "filename": "grille-entretien-entreprises.pdf",
        "lines": [
            "Reseau EIT Grand Est - document de demonstration",
            "Grille d'entretien des entreprises",
            "1. Activite, effectif, horaires et sites de l'entreprise",
            "2. Matieres entrantes : nature, volumes, fournisseurs",
            "3. Dechets et sous-produits : tonnages, filieres, couts",
            "4. Energie et eau : consommations, pertes, chaleur fatale",
            "5. Besoins non couverts et idees de mutualisation",
        ],
    },
    "trame-atelier": {
        "title": "Trame d'atelier de detection de synergies",
        "filename": "trame-atelier-synergies.pdf",
        "lines": [
            "Reseau EIT Grand Est - document de demonstration",
            "Trame d'atelier de detection de synergies",
            "Accueil et tour de table : 15 minutes",
            "Cartes ressources et besoins : 45 minutes",
            "Mise en relation et priorisation : 40 minutes",
            "Suites a donner et referents : 20 minutes",
        ],
    },
    "modele-convention": {
        "title": "Modele de convention de synergie",
        "filename": "modele-convention-synergie.pdf",
        "lines": [
            "Reseau EIT Grand Est - document de demonstration",
            "Modele de convention de synergie entre entreprises",
            "Article 1 : objet de l'echange et flux concernes",
            "Article 2 : qualite, quantites et calendrier",
            "Article 3 : responsabilites, assurances et duree",
        ],
    },
}

# --- knowledge pages ------------------------------------------------------------------
# Common keys: slug, title, summary, date (publication), territories, themes, audiences,
# tags, body (StreamField data); optional: members_only, reviewed (last_reviewed),
# next_review, attachments (keys of DOCUMENTS). Other keys are the type's own fields.

EXPERIENCE_FEEDBACKS = [
    {
        "slug": "reemploi-palettes-bois",
        "title": "Réemploi des palettes bois entre une menuiserie et un transporteur",
        "summary": "Les palettes non consignées d'un transporteur alimentent l'atelier d'une "
        "menuiserie voisine, qui les répare ou en récupère les planches.",
        "date": "2021-10-14",
        "reviewed": "2025-09-02",
        "next_review": "2027-09-01",
        "territories": ["ecopole-seine-auboise"],
        "themes": ["matieres", "dechets"],
        "audiences": ["animateurs", "entreprises"],
        "tags": ["bois", "déchets bois", "réemploi", "palettes"],
        "synergy_type": "substitution",
        "flows": ["matieres", "dechets"],
        "status": "en_cours",
        "year": 2021,
        "partner_companies": "Transports Fictifs de la Seine\nMenuiserie d'Exemple & Fils",
        "context": "Le transporteur stockait chaque mois près de **400 palettes** cassées ou "
        "hors standard, enlevées à ses frais comme déchets bois. La menuiserie, à 2 km, "
        "achetait du bois brut pour ses caisses de transport.",
        "actions": "- visite croisée des deux sites organisée par l'animatrice ;\n"
        "- tri des palettes en trois catégories (réparables, démontables, broyage) ;\n"
        "- enlèvement hebdomadaire par la menuiserie, sans facturation.",
        "results": "Les palettes réparables sont revendues, les autres fournissent des "
        "planches pour les caisses. Le reliquat part en broyage pour une chaufferie.",
        "lessons_learned": "Un **accord écrit d'une page** a suffi. Le tri à la source chez "
        "le transporteur est la clé : sans lui, la menuiserie récupère trop de bois souillé.",
        "waste_tonnes_avoided": "85",
        "euros_saved": "12000",
        "co2e_tonnes_avoided": "40",
        "jobs": 1,
        "body": [
            (
                "key_figures",
                [
                    {"value": "85", "unit": "t", "label": "de palettes détournées par an"},
                    {"value": "2", "unit": "km", "label": "entre les deux sites"},
                ],
            ),
        ],
    },
    {
        "slug": "chaleur-fatale-fonderie-serres",
        "title": "La chaleur fatale d'une fonderie chauffe des serres maraîchères",
        "summary": "Un échangeur sur les fumées d'une fonderie alimente un réseau de chaleur "
        "basse température vers des serres installées sur un terrain voisin.",
        "date": "2020-03-09",
        "reviewed": "2024-11-18",
        "next_review": "2026-11-01",
        "territories": ["ardennes-metal"],
        "themes": ["energie"],
        "audiences": ["entreprises", "elus"],
        "tags": ["chaleur fatale", "réseau de chaleur", "agriculture"],
        "synergy_type": "substitution",
        "flows": ["energie"],
        "status": "en_cours",
        "year": 2019,
        "partner_companies": "Fonderie Fictive des Ardennes\nSerres d'Exemple",
        "context": "La fonderie rejetait à l'atmosphère une chaleur estimée à plus de 5 GWh "
        "par an. Un maraîcher cherchait à s'installer avec des serres chauffées.",
        "actions": "1. Étude de gisement de chaleur fatale financée par le territoire.\n"
        "2. Recherche d'un foncier à moins de 500 m de la fonderie.\n"
        "3. Contrat de fourniture de chaleur sur quinze ans.",
        "results": "Les serres sont chauffées à 90 % par la chaleur de récupération ; un "
        "appoint gaz couvre les arrêts techniques de la fonderie.",
        "lessons_learned": "Prévoir l'appoint dès la conception : les arrêts d'été de la "
        "fonderie coïncident avec les semis d'automne.",
        "energy_mwh_saved": "4200",
        "co2e_tonnes_avoided": "850",
        "euros_saved": "180000",
        "jobs": 6,
        "body": [
            (
                "markdown",
                "## Calendrier\n\n| Étape | Année |\n|---|---|\n"
                "| Étude de gisement | 2017 |\n| Travaux | 2018 |\n| Mise en service | 2019 |",
            ),
        ],
    },
    {
        "slug": "collecte-mutualisee-dechets-zone",
        "title": "Collecte mutualisée des déchets d'activités sur une zone",
        "summary": "Vingt-deux entreprises d'une zone d'activités partagent un seul "
        "prestataire de collecte pour les cartons, films plastiques et déchets en mélange.",
        "date": "2022-06-21",
        "territories": ["vallee-de-la-marne"],
        "themes": ["dechets", "services-mutualises"],
        "audiences": ["entreprises"],
        "tags": ["mutualisation", "collecte", "déchets d'activités"],
        "synergy_type": "mutualisation",
        "flows": ["dechets", "services"],
        "status": "en_cours",
        "year": 2022,
        "partner_companies": "Vingt-deux entreprises de la zone (liste sur demande)",
        "context": "Chaque entreprise avait son propre contrat, avec des bennes souvent à "
        "moitié vides et des passages de camions fréquents sur la zone.",
        "actions": "- enquête sur les volumes et les contrats existants ;\n"
        "- cahier des charges commun rédigé avec un groupe de cinq entreprises ;\n"
        "- consultation et choix d'un prestataire unique.",
        "results": "Le coût moyen de collecte a baissé d'un quart ; les tournées de camions "
        "ont été divisées par trois.",
        "lessons_learned": "Ne pas attendre que toutes les entreprises signent : démarrer avec "
        "un premier groupe convaincu et ouvrir ensuite.",
        "euros_saved": "23000",
        "co2e_tonnes_avoided": "12",
        "body": [],
    },
    {
        "slug": "reutilisation-eaux-lavage-laiterie",
        "title": "Réutiliser les eaux de process d'une laiterie pour laver des camions",
        "summary": "Les eaux traitées d'une laiterie pourraient remplacer l'eau potable d'une "
        "station de lavage de poids lourds installée sur la même zone.",
        "date": "2024-05-16",
        "territories": ["vosges-economes"],
        "themes": ["eau"],
        "audiences": ["entreprises", "elus"],
        "tags": ["eau", "réutilisation des eaux", "sécheresse"],
        "synergy_type": "substitution",
        "flows": ["eau"],
        "status": "etude",
        "year": 2024,
        "partner_companies": "Laiterie Fictive des Hautes-Vallées\nLavage PL d'Exemple",
        "context": "Après deux étés d'arrêtés sécheresse, la station de lavage a dû réduire "
        "son activité. La laiterie traite ses eaux avant rejet au milieu naturel.",
        "actions": "- analyses de la qualité des eaux traitées sur six mois ;\n"
        "- échanges avec les services de l'État sur le cadre réglementaire ;\n"
        "- chiffrage d'une canalisation de 300 m.",
        "results": "L'étude conclut à la faisabilité technique ; le plan de financement est "
        "en cours de montage.",
        "lessons_learned": "Associer très tôt les services instructeurs : le cadre de la "
        "réutilisation des eaux évolue vite.",
        "water_m3_saved": "18000",
        "body": [],
    },
    {
        "slug": "plateforme-materiaux-inertes-btp",
        "title": "Une plateforme de réemploi des matériaux inertes du BTP",
        "summary": "Les terres et bétons issus des chantiers de démolition sont triés, "
        "concassés et remis en œuvre en sous-couche sur les chantiers voisins.",
        "date": "2020-11-03",
        "reviewed": "2025-02-10",
        "territories": ["moselle-est", "sillon-lorrain"],
        "themes": ["btp", "dechets", "matieres"],
        "audiences": ["entreprises", "elus"],
        "tags": ["déchets du BTP", "matériaux inertes", "réemploi"],
        "synergy_type": "substitution",
        "flows": ["matieres", "dechets"],
        "status": "en_cours",
        "year": 2020,
        "partner_companies": "TP Fictifs de Moselle\nCarrières d'Exemple\nDémolition Test",
        "context": "Les inertes de chantier partaient en installation de stockage à 40 km, "
        "tandis que les entreprises de travaux publics achetaient des granulats neufs.",
        "actions": "- création d'une plateforme de transit sur un terrain intercommunal ;\n"
        "- protocole d'acceptation des matériaux et traçabilité par bordereau ;\n"
        "- prescription des matériaux recyclés dans les marchés publics locaux.",
        "results": "La plateforme traite désormais la majorité des inertes du bassin.",
        "lessons_learned": "La commande publique fait décoller la demande : sans clause dans "
        "les marchés, les matériaux recyclés restent en stock.",
        "waste_tonnes_avoided": "6500",
        "co2e_tonnes_avoided": "210",
        "euros_saved": "95000",
        "jobs": 3,
        "body": [
            (
                "key_figures",
                [
                    {"value": "6500", "unit": "t", "label": "d'inertes réemployés par an"},
                    {"value": "40", "unit": "km", "label": "de trajet évités par camion"},
                    {"value": "3", "unit": "", "label": "emplois sur la plateforme"},
                ],
            ),
        ],
    },
    {
        "slug": "biodechets-restauration-methanisation",
        "title": "Les biodéchets de la restauration collective vers un méthaniseur",
        "summary": "Les cantines et deux restaurants d'entreprise confient leurs biodéchets "
        "à un méthaniseur agricole, avec une collecte commune en bacs.",
        "date": "2023-09-27",
        "territories": ["plateau-de-langres"],
        "themes": ["biodechets", "energie"],
        "audiences": ["elus", "entreprises"],
        "tags": ["biodéchets", "méthanisation", "mutualisation"],
        "synergy_type": "substitution",
        "flows": ["dechets", "energie"],
        "status": "en_cours",
        "year": 2023,
        "partner_companies": "Cuisine centrale fictive du Plateau\nGAEC d'Exemple",
        "context": "L'obligation de tri à la source des biodéchets concernait déjà les gros "
        "producteurs ; le méthaniseur voisin manquait d'intrants en hiver.",
        "actions": "- estimation des gisements par établissement ;\n"
        "- collecte en bacs de 120 litres deux fois par semaine ;\n"
        "- formation des équipes de cuisine au tri.",
        "results": "Les refus de tri ont baissé de moitié après trois mois de suivi.",
        "lessons_learned": "Le retour aux cuisiniers (photos des bacs, tonnages) entretient la "
        "qualité du tri.",
        "waste_tonnes_avoided": "140",
        "energy_mwh_saved": "260",
        "body": [],
    },
    {
        "slug": "groupement-achat-electricite",
        "title": "Un groupement d'achat d'électricité pour quinze PME",
        "summary": "Quinze PME du port préparent un achat groupé d'électricité et un suivi "
        "commun de leurs consommations.",
        "date": "2025-04-08",
        "territories": ["port-du-rhin"],
        "themes": ["energie", "services-mutualises"],
        "audiences": ["entreprises"],
        "tags": ["mutualisation", "achats groupés", "énergie"],
        "synergy_type": "mutualisation",
        "flows": ["energie", "services"],
        "status": "etude",
        "year": 2025,
        "partner_companies": "Quinze PME portuaires (liste réservée aux membres)",
        "context": "La hausse des prix de l'énergie a mis en difficulté plusieurs PME dont "
        "les contrats arrivaient à échéance la même année.",
        "actions": "- collecte des courbes de charge ;\n- consultation d'un courtier ;\n"
        "- rédaction d'une charte du groupement.",
        "results": "Le cahier des charges est prêt ; la consultation est prévue au prochain "
        "trimestre.",
        "lessons_learned": "Les données de consommation prennent du temps à réunir : "
        "commencer par là.",
        "members_only": True,
        "body": [],
    },
    {
        "slug": "dechets-bois-scierie-chaufferie",
        "title": "Déchets bois d'une scierie vers la chaufferie d'un industriel",
        "summary": "Les écorces et chutes d'une scierie ont alimenté la chaudière biomasse "
        "d'une usine voisine pendant quatre ans, avant l'arrêt de l'échange.",
        "date": "2019-05-13",
        "reviewed": "2024-06-05",
        "territories": ["meuse-ressources"],
        "themes": ["matieres", "energie", "dechets"],
        "audiences": ["animateurs"],
        "tags": ["bois", "déchets bois", "chaleur fatale"],
        "synergy_type": "substitution",
        "flows": ["matieres", "energie"],
        "status": "arretee",
        "year": 2019,
        "partner_companies": "Scierie Fictive de l'Argonne\nPapeterie d'Exemple",
        "context": "La scierie payait l'enlèvement de ses déchets bois ; l'usine voisine "
        "convertissait sa chaudière au bois.",
        "actions": "- caractérisation de l'humidité et de la granulométrie ;\n"
        "- contrat annuel avec prix indexé.",
        "results": "L'échange a fonctionné quatre ans. Il s'est arrêté quand la scierie a "
        "installé son propre séchoir, qui consomme désormais ses chutes.",
        "lessons_learned": "Une synergie qui s'arrête n'est pas un échec : les déchets bois "
        "sont restés valorisés sur place. Documenter l'arrêt aide les autres territoires.",
        "waste_tonnes_avoided": "900",
        "energy_mwh_saved": "2700",
        "body": [],
    },
]

METHODOLOGY_SHEETS = [
    {
        "slug": "cartographier-flux-zone",
        "title": "Cartographier les flux de matières et d'énergie d'une zone",
        "summary": "Recenser ce qui entre et sort de chaque entreprise d'une zone pour repérer "
        "les flux que d'autres pourraient utiliser.",
        "date": "2021-02-15",
        "reviewed": "2025-10-06",
        "next_review": "2026-10-01",
        "territories": ["sillon-lorrain", "ecopole-seine-auboise"],
        "themes": ["matieres", "energie", "dechets"],
        "audiences": ["animateurs"],
        "tags": ["cartographie des flux", "diagnostic", "déchets bois"],
        "objective": "Disposer d'une cartographie partagée des ressources et des besoins "
        "des entreprises, socle de toute recherche de synergies.",
        "when_to_use": "Au lancement d'une démarche ou lors de son extension à une nouvelle "
        "zone d'activités.",
        "duration": "3 à 6 mois",
        "difficulty": 2,
        "prerequisites": "- une liste à jour des établissements ;\n"
        "- un courrier de soutien des élus pour ouvrir les portes.",
        "steps": [
            (
                "Délimiter le périmètre",
                "Zone, filière ou bassin d'emploi : un périmètre **lisible** par les entreprises.",
            ),
            (
                "Collecter les données",
                "Entretiens sur site avec la grille d'entretien, "
                "complétés par les déclarations disponibles.",
            ),
            (
                "Représenter les flux",
                "Un tableau par flux (matières, déchets bois, énergie, "
                "eau) et une carte des établissements.",
            ),
            ("Restituer", "Présenter la cartographie aux entreprises avant tout atelier."),
        ],
        "attachments": ["grille-entretien"],
        "body": [
            (
                "markdown",
                "## Conseil\n\nCommencez par les **dix plus gros "
                "établissements** : ils concentrent souvent l'essentiel des tonnages.",
            )
        ],
    },
    {
        "slug": "animer-atelier-synergies",
        "title": "Animer un atelier de détection de synergies entre entreprises",
        "summary": "Une demi-journée pour que des dirigeants et responsables de site "
        "confrontent leurs ressources et leurs besoins.",
        "date": "2022-01-20",
        "territories": ["reims-nord"],
        "themes": ["gouvernance", "services-mutualises"],
        "audiences": ["animateurs"],
        "tags": ["atelier", "animation", "mutualisation"],
        "objective": "Faire émerger en trois heures une liste priorisée de pistes de synergies "
        "portées par des entreprises volontaires.",
        "when_to_use": "Après la cartographie, pour passer des données aux projets.",
        "duration": "Une demi-journée, préparation de trois semaines",
        "difficulty": 1,
        "prerequisites": "- 15 à 30 entreprises inscrites ;\n- des cartes ressources et "
        "besoins préparées.",
        "steps": [
            ("Inviter", "Invitation signée par un élu et relance téléphonique."),
            ("Préparer les cartes", "Une carte par ressource ou besoin, avec volumes."),
            ("Animer les échanges", "Tables de six, rotation toutes les vingt minutes."),
            ("Conclure", "Chaque piste repart avec un référent et une date."),
        ],
        "attachments": ["trame-atelier"],
        "body": [],
    },
    {
        "slug": "etude-faisabilite-synergie",
        "title": "Mener l'étude de faisabilité d'une synergie",
        "summary": "Vérifier qu'une piste tient sur les plans technique, réglementaire et "
        "économique avant d'engager les entreprises.",
        "date": "2022-09-12",
        "reviewed": "2024-03-01",
        "next_review": "2025-03-01",
        "territories": ["moselle-est"],
        "themes": ["matieres", "dechets"],
        "audiences": ["animateurs", "entreprises"],
        "tags": ["faisabilité", "déchets bois", "réglementation"],
        "objective": "Trancher : la synergie est-elle réaliste, à quel coût et dans quel délai ?",
        "when_to_use": "Quand une piste issue d'atelier réunit au moins deux entreprises "
        "motivées, par exemple un échange de déchets bois ou de chaleur.",
        "duration": "2 à 4 mois",
        "difficulty": 3,
        "prerequisites": "- des volumes et une qualité de flux connus ;\n"
        "- un accord de confidentialité entre partenaires.",
        "steps": [
            ("Caractériser le flux", "Quantités, régularité, qualité, saisonnalité."),
            ("Vérifier le cadre", "Statut de déchet ou de sous-produit, autorisations."),
            ("Chiffrer", "Coûts actuels, coûts évités, investissements, logistique."),
            ("Décider", "Réunion de décision avec les dirigeants."),
        ],
        "body": [
            (
                "key_figures",
                [
                    {"value": "3", "unit": "mois", "label": "durée médiane des études du réseau"},
                ],
            )
        ],
    },
    {
        "slug": "entretien-diagnostic-entreprise",
        "title": "Conduire l'entretien de diagnostic en entreprise",
        "summary": "Une visite de site et un entretien d'une heure trente pour comprendre "
        "les flux d'une entreprise et ce qu'elle considère comme sans valeur.",
        "date": "2023-03-07",
        "territories": ["bande-rhenane-sud", "nord-alsace"],
        "themes": ["matieres", "eau", "energie"],
        "audiences": ["animateurs"],
        "tags": ["diagnostic", "entretien", "cartographie des flux"],
        "objective": "Recueillir des données fiables et créer une relation de confiance avec "
        "le responsable de site.",
        "when_to_use": "À chaque nouvelle entreprise rejointe par la démarche.",
        "duration": "Une demi-journée par entreprise",
        "difficulty": 1,
        "prerequisites": "- la grille d'entretien imprimée ;\n- équipements de protection "
        "pour la visite.",
        "steps": [
            ("Prendre rendez-vous", "Avec le dirigeant et le responsable maintenance."),
            ("Visiter", "Suivre le parcours des matières, de la réception à l'expédition."),
            ("Interroger", "Utiliser la grille d'entretien des entreprises."),
            ("Restituer", "Envoyer une synthèse sous quinze jours."),
        ],
        "attachments": ["grille-entretien"],
        "body": [],
    },
    {
        "slug": "mobiliser-elus-intercommunalite",
        "title": "Mobiliser les élus de l'intercommunalité",
        "summary": "Présenter la démarche comme un levier de développement économique et "
        "obtenir un portage politique durable.",
        "date": "2024-02-19",
        "territories": ["plateau-de-langres", "vallee-de-la-marne"],
        "themes": ["gouvernance"],
        "audiences": ["animateurs", "elus"],
        "tags": ["élus", "gouvernance", "portage"],
        "objective": "Obtenir un élu référent et une inscription de la démarche dans la "
        "stratégie économique du territoire.",
        "when_to_use": "Avant le lancement, puis à chaque renouvellement des exécutifs.",
        "duration": "En continu",
        "difficulty": 2,
        "prerequisites": "",
        "steps": [
            ("Identifier l'élu référent", "Développement économique plutôt qu'environnement."),
            ("Parler chiffres", "Coûts évités, emplois, attractivité de la zone."),
            ("Associer aux temps forts", "Ateliers, signatures de conventions, visites."),
        ],
        "body": [],
    },
    {
        "slug": "estimer-gisement-dechets-bois",
        "title": "Estimer un gisement de déchets bois sur un territoire",
        "summary": "Des ratios et des sources pour estimer les tonnages de palettes, chutes et "
        "emballages bois avant de chercher des débouchés.",
        "date": "2025-01-28",
        "territories": ["meuse-ressources", "vosges-economes"],
        "themes": ["dechets", "matieres"],
        "audiences": ["animateurs"],
        "tags": ["bois", "déchets bois", "gisement"],
        "objective": "Approcher en quelques semaines le gisement de déchets bois d'une zone "
        "pour dimensionner une filière de réemploi ou de valorisation.",
        "when_to_use": "Quand plusieurs entreprises signalent des déchets bois sans débouché.",
        "duration": "4 à 6 semaines",
        "difficulty": 2,
        "prerequisites": "- les effectifs et codes d'activité des établissements.",
        "steps": [
            ("Lister les producteurs", "Menuiseries, logistique, négoce, industrie."),
            ("Appliquer des ratios", "Tonnes par salarié et par activité, à confirmer."),
            ("Vérifier sur le terrain", "Échantillon d'entreprises visitées."),
            ("Qualifier", "Bois brut, traité, souillé : les débouchés diffèrent."),
        ],
        "body": [
            (
                "markdown",
                "| Catégorie | Débouché possible |\n|---|---|\n"
                "| Palettes réparables | Réemploi |\n| Bois brut | Panneaux, broyage |\n"
                "| Bois traité | Filières spécialisées |",
            )
        ],
    },
    {
        "slug": "rediger-convention-synergie",
        "title": "Rédiger la convention entre entreprises partenaires",
        "summary": "Les clauses essentielles d'une convention d'échange de flux entre deux "
        "entreprises, et les pièges à éviter.",
        "date": "2023-11-09",
        "territories": ["port-du-rhin"],
        "themes": ["gouvernance", "matieres"],
        "audiences": ["animateurs", "entreprises"],
        "tags": ["convention", "juridique", "mutualisation"],
        "objective": "Sécuriser un échange de flux sans alourdir la relation entre partenaires.",
        "when_to_use": "Après une étude de faisabilité concluante.",
        "duration": "1 à 2 mois",
        "difficulty": 2,
        "prerequisites": "- l'étude de faisabilité ;\n- l'avis des assureurs.",
        "steps": [
            ("Décrire le flux", "Nature, qualité attendue, quantités, calendrier."),
            ("Répartir les responsabilités", "Transport, stockage, non-conformités."),
            ("Prévoir la sortie", "Durée, préavis, révision du prix."),
        ],
        "attachments": ["modele-convention"],
        "members_only": True,
        "body": [],
    },
    {
        "slug": "organiser-suivi-indicateurs",
        "title": "Organiser le suivi annuel des indicateurs d'une démarche",
        "summary": "Un calendrier et une méthode pour collecter chaque année les gains des "
        "synergies auprès des entreprises.",
        "date": "2026-01-15",
        "territories": ["reims-nord", "ardennes-metal"],
        "themes": ["gouvernance"],
        "audiences": ["animateurs"],
        "tags": ["indicateurs", "évaluation", "ADEME"],
        "objective": "Disposer chaque année de chiffres consolidés et comparables entre "
        "territoires.",
        "when_to_use": "Dès la première synergie en fonctionnement.",
        "duration": "Un mois par an",
        "difficulty": 1,
        "prerequisites": "- les guides d'indicateurs de l'axe 5.",
        "steps": [
            ("Envoyer le questionnaire", "En janvier, aux référents de chaque synergie."),
            ("Relancer et vérifier", "Comparer avec l'année précédente."),
            ("Consolider", "Saisir dans le tableau de bord régional."),
        ],
        "body": [],
    },
]

INDICATOR_GUIDES = [
    {
        "slug": "indicateur-dechets-evites",
        "title": "Tonnes de déchets évités",
        "code": "dechets-evites",
        "unit": "t",
        "summary": "Les tonnages qui ne sont plus éliminés grâce aux synergies.",
        "definition": "Masse annuelle de déchets détournée de l'élimination (stockage, "
        "incinération sans valorisation) grâce aux synergies en fonctionnement.",
        "calculation_method": "Somme, par synergie, des tonnages **effectivement échangés** "
        "dans l'année.\n\n`déchets évités = Σ tonnages échangés`",
        "data_sources": "Bordereaux de suivi, registres déchets, déclarations des entreprises.",
        "collection_frequency": "annuelle",
        "purpose": "les_deux",
        "reference": "ademe",
        "limits": "Ne pas compter deux fois un flux qui transite par une plateforme.",
        "example": "85 t de palettes + 6 500 t d'inertes = 6 585 t.",
        "themes": ["dechets"],
        "tags": ["déchets", "ADEME"],
        "date": "2021-06-01",
    },
    {
        "slug": "indicateur-energie-economisee",
        "title": "Énergie économisée (MWh)",
        "code": "energie-economisee",
        "unit": "MWh",
        "summary": "L'énergie finale que les entreprises n'achètent plus grâce aux synergies.",
        "definition": "Énergie finale annuelle substituée ou économisée : chaleur fatale "
        "récupérée, consommations évitées par la mutualisation.",
        "calculation_method": "Énergie livrée par la synergie, mesurée au compteur, moins "
        "l'énergie consommée pour la transporter.",
        "data_sources": "Compteurs d'énergie, factures.",
        "collection_frequency": "annuelle",
        "purpose": "les_deux",
        "reference": "ademe",
        "limits": "Sans compteur, une estimation doit être signalée comme telle.",
        "example": "4 200 MWh livrés aux serres, 80 MWh de pompage : 4 120 MWh.",
        "themes": ["energie"],
        "tags": ["énergie", "chaleur fatale"],
        "date": "2021-06-01",
    },
    {
        "slug": "indicateur-gains-financiers",
        "title": "Gains financiers (euros économisés)",
        "code": "gains-financiers",
        "unit": "€",
        "summary": "Ce que les synergies font économiser chaque année aux entreprises.",
        "definition": "Économies annuelles nettes : coûts évités moins coûts nouveaux.",
        "calculation_method": "Pour chaque entreprise : coûts évités (élimination, achats) "
        "moins coûts nouveaux (transport, traitement, amortissement).",
        "data_sources": "Déclarations des entreprises, factures.",
        "collection_frequency": "annuelle",
        "purpose": "pilotage",
        "reference": "reseau",
        "limits": "Donnée sensible : ne publier que des totaux agrégés.",
        "example": "",
        "themes": ["services-mutualises"],
        "tags": ["économie", "pilotage"],
        "date": "2022-02-14",
    },
    {
        "slug": "indicateur-eau-economisee",
        "title": "Eau économisée (m³)",
        "code": "eau-economisee",
        "unit": "m³",
        "summary": "Les volumes d'eau prélevés en moins grâce aux réutilisations.",
        "definition": "Volume annuel d'eau du réseau ou du milieu remplacé par une eau "
        "réutilisée ou économisé par une mutualisation.",
        "calculation_method": "Volume réutilisé mesuré au compteur.",
        "data_sources": "Compteurs, factures d'eau.",
        "collection_frequency": "trimestrielle",
        "purpose": "les_deux",
        "reference": "reseau",
        "limits": "",
        "example": "18 000 m³ de lavage de camions alimentés par des eaux traitées.",
        "themes": ["eau"],
        "tags": ["eau", "sécheresse"],
        "date": "2023-04-03",
    },
    {
        "slug": "indicateur-emissions-evitees",
        "title": "Émissions évitées (t CO2e)",
        "code": "emissions-evitees",
        "unit": "t CO2e",
        "summary": "Les gaz à effet de serre évités, en tonnes équivalent CO2.",
        "definition": "Émissions annuelles évitées par rapport à la situation sans synergie.",
        "calculation_method": "Différence entre les émissions de la situation de référence "
        "et celles de la synergie, avec les facteurs d'émission de la Base Empreinte.",
        "data_sources": "Base Empreinte de l'ADEME, données d'activité des synergies.",
        "collection_frequency": "annuelle",
        "purpose": "evaluation",
        "reference": "ademe",
        "limits": "Résultat très sensible à la situation de référence retenue : la décrire.",
        "example": "",
        "themes": ["energie", "dechets"],
        "tags": ["climat", "carbone"],
        "date": "2024-01-22",
    },
    {
        "slug": "indicateur-entreprises-impliquees",
        "title": "Nombre d'entreprises impliquées",
        "code": "entreprises-impliquees",
        "unit": "entreprises",
        "summary": "Combien d'entreprises participent activement à la démarche.",
        "definition": "Entreprises ayant participé dans l'année à au moins un atelier, un "
        "diagnostic ou une synergie.",
        "calculation_method": "Dénombrement des établissements distincts (SIRET).",
        "data_sources": "Listes d'émargement, fichier de suivi de l'animateur.",
        "collection_frequency": "annuelle",
        "purpose": "pilotage",
        "reference": "reseau",
        "limits": "",
        "example": "",
        "themes": ["gouvernance"],
        "tags": ["pilotage", "mobilisation"],
        "date": "2019-09-30",
    },
    {
        "slug": "indicateur-synergies",
        "title": "Nombre de synergies par état",
        "code": "synergies",
        "unit": "synergies",
        "summary": "Les synergies identifiées, étudiées, en fonctionnement ou arrêtées.",
        "definition": "Nombre de synergies par état au 31 décembre : idée, étude, "
        "fonctionnement, arrêt.",
        "calculation_method": "Dénombrement dans le fichier de suivi des synergies.",
        "data_sources": "Fichier de suivi des synergies du territoire.",
        "collection_frequency": "trimestrielle",
        "purpose": "les_deux",
        "reference": "elipse",
        "limits": "Une synergie à plusieurs partenaires compte pour une.",
        "example": "",
        "themes": ["gouvernance"],
        "tags": ["synergies", "pilotage"],
        "date": "2020-10-05",
    },
    {
        "slug": "indicateur-emplois",
        "title": "Emplois créés ou maintenus",
        "code": "emplois",
        "unit": "emplois",
        "summary": "Les emplois liés aux synergies, en équivalents temps plein.",
        "definition": "Emplois en équivalent temps plein créés ou maintenus grâce aux synergies.",
        "calculation_method": "Déclaration des entreprises, en ETP.",
        "data_sources": "Entreprises partenaires.",
        "collection_frequency": "projet",
        "purpose": "evaluation",
        "reference": "autre",
        "limits": "Le lien de causalité est difficile à établir : rester prudent.",
        "example": "",
        "themes": ["gouvernance"],
        "tags": ["emploi", "évaluation"],
        "date": "2025-06-17",
    },
]

# Monitoring digests: (slug, title, year, month, editorial, items), each item
# (title, source, category, summary, theme slugs).
MONITORING_DIGESTS = [
    (
        "veille-2025-01",
        "Veille de janvier 2025",
        2025,
        1,
        "Une année qui commence avec de nouveaux appels à projets régionaux.",
        [
            (
                "Ouverture d'un appel à projets économie circulaire",
                "Région (exemple)",
                "appel_a_projets",
                "Soutien aux études de faisabilité de synergies.",
                ["gouvernance"],
            ),
            (
                "Rencontre régionale des animateurs EIT",
                "Réseau EIT Grand Est",
                "evenement",
                "Une journée d'échanges de pratiques, inscription ouverte.",
                ["gouvernance"],
            ),
            (
                "Guide sur le statut de sous-produit",
                "Ministère (exemple)",
                "reglementation",
                "Les critères pour qu'un résidu ne soit pas un déchet.",
                ["matieres", "dechets"],
            ),
        ],
    ),
    (
        "veille-2025-03",
        "Veille de mars 2025",
        2025,
        3,
        "Ce mois-ci, l'eau et la sécheresse reviennent dans l'actualité.",
        [
            (
                "Réutilisation des eaux usées traitées : nouveaux usages autorisés",
                "Journal officiel (exemple)",
                "reglementation",
                "Le cadre s'élargit à certains usages industriels.",
                ["eau"],
            ),
            (
                "Étude sur les tensions sur la ressource en eau dans le Rhin supérieur",
                "Agence de l'eau (exemple)",
                "etude",
                "Projections à l'horizon 2050.",
                ["eau"],
            ),
            (
                "Webinaire : réduire les consommations d'eau en industrie",
                "CCI (exemple)",
                "evenement",
                "Retours d'entreprises agroalimentaires.",
                ["eau"],
            ),
            (
                "Aide aux investissements d'économie d'eau",
                "Agence de l'eau (exemple)",
                "appel_a_projets",
                "Taux d'aide majoré pour les PME.",
                ["eau"],
            ),
        ],
    ),
    (
        "veille-2025-05",
        "Veille de mai 2025",
        2025,
        5,
        "Le BTP et ses matériaux au cœur de la sélection de mai.",
        [
            (
                "Filière REP des produits et matériaux du bâtiment : point d'étape",
                "Éco-organisme (exemple)",
                "actualite",
                "Maillage des points de reprise.",
                ["btp"],
            ),
            (
                "Guide du réemploi des matériaux en marchés publics",
                "Association (exemple)",
                "etude",
                "Clauses types pour les acheteurs publics.",
                ["btp", "matieres"],
            ),
            (
                "Salon régional de la déconstruction",
                "Organisateur (exemple)",
                "evenement",
                "Démonstrations de curage sélectif.",
                ["btp"],
            ),
        ],
    ),
    (
        "veille-2025-06",
        "Veille de juin 2025",
        2025,
        6,
        "Chaleur fatale : plusieurs outils et financements à connaître.",
        [
            (
                "Fonds chaleur : chaleur de récupération éligible",
                "ADEME (exemple)",
                "appel_a_projets",
                "Conditions et plafonds d'aide.",
                ["energie"],
            ),
            (
                "Cartographie régionale des gisements de chaleur fatale",
                "Observatoire (exemple)",
                "etude",
                "Une carte des sites industriels émetteurs.",
                ["energie"],
            ),
            (
                "Visite d'un réseau de chaleur alimenté par une usine",
                "Réseau EIT Grand Est",
                "evenement",
                "Visite réservée aux membres du réseau.",
                ["energie"],
            ),
            (
                "Décret sur l'audit énergétique des entreprises",
                "Journal officiel (exemple)",
                "reglementation",
                "Nouveaux seuils d'obligation.",
                ["energie"],
            ),
        ],
    ),
    (
        "veille-2025-09",
        "Veille de septembre 2025",
        2025,
        9,
        "Rentrée chargée pour les biodéchets et la restauration collective.",
        [
            (
                "Bilan du tri à la source des biodéchets",
                "Observatoire (exemple)",
                "etude",
                "Premiers résultats chez les gros producteurs.",
                ["biodechets"],
            ),
            (
                "Appel à projets compostage de zone d'activités",
                "Département (exemple)",
                "appel_a_projets",
                "Financement d'équipements partagés.",
                ["biodechets"],
            ),
            (
                "Journée technique méthanisation",
                "Chambre d'agriculture (exemple)",
                "evenement",
                "Qualité des intrants et digestats.",
                ["biodechets", "energie"],
            ),
        ],
    ),
    (
        "veille-2025-11",
        "Veille de novembre 2025",
        2025,
        11,
        "Logistique et mobilité : mutualiser les transports sur les zones.",
        [
            (
                "Plans de mobilité employeur : retours d'expérience",
                "Agence (exemple)",
                "etude",
                "Covoiturage et navettes inter-entreprises.",
                ["mobilite"],
            ),
            (
                "Appel à manifestation d'intérêt logistique urbaine",
                "Métropole (exemple)",
                "appel_a_projets",
                "Centres de mutualisation de livraisons.",
                ["logistique"],
            ),
            (
                "Semaine européenne de la réduction des déchets",
                "Organisateur (exemple)",
                "evenement",
                "Animations en entreprises.",
                ["dechets"],
            ),
            (
                "Obligation de tri cinq flux : rappel",
                "Ministère (exemple)",
                "reglementation",
                "Papier, métal, plastique, verre, bois.",
                ["dechets"],
            ),
            (
                "Enquête sur les retours à vide des transporteurs",
                "Fédération (exemple)",
                "etude",
                "Un tiers des trajets à vide.",
                ["logistique"],
            ),
        ],
    ),
    (
        "veille-2026-02",
        "Veille de février 2026",
        2026,
        2,
        "Indicateurs et évaluation : les référentiels évoluent.",
        [
            (
                "Nouveau référentiel d'évaluation des démarches EIT",
                "ADEME (exemple)",
                "etude",
                "Indicateurs communs pour les bilans régionaux.",
                ["gouvernance"],
            ),
            (
                "Formation : mesurer les impacts d'une synergie",
                "Organisme (exemple)",
                "evenement",
                "Deux jours, en visioconférence.",
                ["gouvernance"],
            ),
            (
                "Mise à jour de la Base Empreinte",
                "ADEME (exemple)",
                "actualite",
                "Nouveaux facteurs d'émission pour le transport.",
                ["energie"],
            ),
        ],
    ),
    (
        "veille-2026-09",
        "Veille de septembre 2026",
        2026,
        9,
        "Bois et matériaux biosourcés : la filière se structure.",
        [
            (
                "Filière REP des emballages industriels et commerciaux",
                "Ministère (exemple)",
                "reglementation",
                "Palettes et emballages bois concernés.",
                ["dechets", "matieres"],
            ),
            (
                "Étude sur les débouchés des déchets bois",
                "Interprofession (exemple)",
                "etude",
                "Panneaux, énergie, réemploi : état des lieux.",
                ["matieres", "dechets"],
            ),
            (
                "Appel à projets matériaux biosourcés",
                "Région (exemple)",
                "appel_a_projets",
                "Soutien aux chantiers démonstrateurs.",
                ["btp"],
            ),
            (
                "Rencontre réemploi des palettes",
                "Réseau EIT Grand Est",
                "evenement",
                "Atelier réservé aux territoires du réseau.",
                ["matieres"],
            ),
        ],
    ),
]

MONITORING_META = {
    "veille-2025-01": {"territories": [], "tags": ["appels à projets"], "members_only": False},
    "veille-2025-03": {"territories": ["vosges-economes"], "tags": ["eau", "sécheresse"]},
    "veille-2025-05": {"territories": ["moselle-est"], "tags": ["déchets du BTP"]},
    "veille-2025-06": {"territories": ["ardennes-metal"], "tags": ["chaleur fatale"]},
    "veille-2025-09": {"territories": ["plateau-de-langres"], "tags": ["biodéchets"]},
    "veille-2025-11": {"territories": ["port-du-rhin"], "tags": ["mutualisation"]},
    "veille-2026-02": {"territories": [], "tags": ["indicateurs"]},
    "veille-2026-09": {"territories": ["meuse-ressources"], "tags": ["bois", "déchets bois"]},
}

# Surveys: questions are (label, field_type, choices, required).
TRAINING_SURVEYS = [
    {
        "slug": "besoins-formation-2026",
        "title": "Besoins en formation 2026 des animateurs et animatrices",
        "summary": "Quelles compétences renforcer l'an prochain ? Dix minutes pour orienter "
        "le programme régional.",
        "date": "2026-09-15",
        "opens": "2026-09-15",
        "closes": "2026-12-15",
        "themes": ["gouvernance"],
        "audiences": ["animateurs"],
        "tags": ["compétences", "programme de formation"],
        "intro": "Vos réponses orientent le **programme de formation** du réseau.",
        "questions": [
            ("Votre territoire", "singleline", "", True),
            ("Ancienneté dans le poste", "radio", "Moins d'un an\n1 à 3 ans\nPlus de 3 ans", True),
            (
                "Thèmes souhaités",
                "checkboxes",
                "Cartographie des flux\nAnimation d'ateliers\nIndicateurs\nRéglementation déchets",
                False,
            ),
            ("Vos attentes en quelques mots", "multiline", "", False),
        ],
    },
    {
        "slug": "enquete-animation-ateliers",
        "title": "Enquête : se former à l'animation d'ateliers de synergies",
        "summary": "Vos pratiques d'animation et vos difficultés, pour construire un module "
        "sur mesure.",
        "date": "2024-04-02",
        "themes": ["gouvernance"],
        "audiences": ["animateurs"],
        "tags": ["atelier", "animation"],
        "intro": "Un module de deux jours est en préparation.",
        "questions": [
            ("Combien d'ateliers animez-vous par an ?", "number", "", True),
            ("Format préféré", "dropdown", "Présentiel\nDistanciel\nMixte", True),
            ("Difficultés rencontrées", "multiline", "", False),
        ],
    },
    {
        "slug": "enquete-indicateurs-evaluation",
        "title": "Besoins de formation sur les indicateurs et l'évaluation",
        "summary": "Calcul des gains, émissions évitées, tableaux de bord : où en êtes-vous ?",
        "date": "2023-10-10",
        "themes": ["gouvernance"],
        "audiences": ["animateurs"],
        "tags": ["indicateurs", "évaluation"],
        "intro": "Cette enquête prépare la formation de l'axe 5.",
        "questions": [
            ("Calculez-vous les émissions évitées ?", "radio", "Oui\nNon\nEn partie", True),
            ("Outils utilisés", "checkboxes", "Tableur\nLogiciel dédié\nAucun", False),
            ("Adresse de contact", "email", "", False),
        ],
    },
    {
        "slug": "enquete-cartographie-flux",
        "title": "Formation à la cartographie des flux : vos attentes",
        "summary": "Recueil des attentes avant la session de formation à la cartographie des "
        "flux de matières et d'énergie.",
        "date": "2022-05-05",
        "themes": ["matieres", "energie"],
        "audiences": ["animateurs"],
        "tags": ["cartographie des flux"],
        "intro": "Dites-nous ce que vous savez déjà faire.",
        "questions": [
            ("Avez-vous déjà réalisé une cartographie ?", "radio", "Oui\nNon", True),
            ("Données les plus difficiles à obtenir", "multiline", "", False),
        ],
    },
    {
        "slug": "enquete-elus-comprendre-eit",
        "title": "Enquête auprès des élus : comprendre l'écologie industrielle",
        "summary": "Un questionnaire court pour adapter les sessions de sensibilisation "
        "destinées aux élus locaux.",
        "date": "2021-11-22",
        "themes": ["gouvernance"],
        "audiences": ["elus"],
        "tags": ["élus", "sensibilisation"],
        "intro": "Cinq questions, cinq minutes.",
        "questions": [
            ("Votre collectivité", "singleline", "", True),
            (
                "Connaissez-vous la démarche EIT de votre territoire ?",
                "radio",
                "Très bien\nUn peu\nPas du tout",
                True,
            ),
            ("Sujets prioritaires", "checkboxes", "Déchets\nÉnergie\nFoncier\nEmploi", False),
        ],
    },
    {
        "slug": "enquete-referents-entreprises",
        "title": "Besoins des référents EIT en entreprise",
        "summary": "Les responsables environnement des entreprises partenaires disent ce qui "
        "les aiderait à porter les synergies en interne.",
        "date": "2025-03-18",
        "themes": ["services-mutualises"],
        "audiences": ["entreprises"],
        "tags": ["entreprises", "compétences"],
        "intro": "Questionnaire destiné aux entreprises partenaires des démarches.",
        "questions": [
            ("Fonction", "singleline", "", True),
            (
                "Besoins",
                "checkboxes",
                "Réglementation déchets\nCalcul des coûts\nConduite du changement",
                False,
            ),
        ],
    },
    {
        "slug": "enquete-outils-numeriques",
        "title": "Enquête sur les outils numériques de cartographie",
        "summary": "Quels logiciels et tableurs utilisez-vous pour suivre les flux et les "
        "synergies ?",
        "date": "2020-02-11",
        "themes": ["gouvernance"],
        "audiences": ["animateurs"],
        "tags": ["outils", "numérique"],
        "intro": "Pour mutualiser les licences et les modèles de tableurs.",
        "questions": [
            ("Outil principal", "singleline", "", True),
            ("Satisfaction", "dropdown", "Satisfait\nMoyennement\nInsatisfait", False),
        ],
    },
    {
        "slug": "bilan-formations-2024",
        "title": "Bilan des formations 2024",
        "summary": "Votre avis sur les sessions suivies cette année, pour améliorer la suite.",
        "date": "2024-12-09",
        "themes": ["gouvernance"],
        "audiences": ["animateurs"],
        "tags": ["programme de formation", "bilan"],
        "intro": "Merci de répondre même si vous n'avez suivi qu'une session.",
        "questions": [
            (
                "Sessions suivies",
                "checkboxes",
                "Cartographie\nAteliers\nIndicateurs\nCommunication",
                True,
            ),
            ("Note globale sur 5", "number", "", False),
            ("Commentaires", "multiline", "", False),
        ],
    },
]

COMMUNICATION_TEMPLATES = [
    {
        "slug": "communique-lancement-demarche",
        "title": "Communiqué : lancement d'une démarche EIT",
        "kind": "communique",
        "summary": "Annoncer à la presse locale le lancement d'une démarche d'écologie "
        "industrielle sur le territoire.",
        "date": "2021-04-12",
        "themes": ["gouvernance"],
        "audiences": ["grand-public", "elus"],
        "tags": ["presse", "lancement"],
        "template_body": "## {{ nom_territoire }} lance sa démarche d'écologie industrielle\n\n"
        "{{ nom_structure }} réunit les entreprises de {{ nom_zone }} pour partager "
        "leurs ressources : matières, énergie, eau et services.\n\n"
        "Contact presse : {{ contact_animateur }}",
    },
    {
        "slug": "communique-bilan-annuel",
        "title": "Communiqué : bilan annuel des synergies",
        "kind": "communique",
        "summary": "Publier les chiffres clés de l'année : tonnes évitées, économies, "
        "entreprises impliquées.",
        "date": "2025-01-30",
        "themes": ["gouvernance", "dechets"],
        "audiences": ["grand-public", "elus"],
        "tags": ["presse", "bilan", "indicateurs"],
        "template_body": "## Écologie industrielle : {{ nom_territoire }} dresse son bilan\n\n"
        "- {{ tonnes_evitees }} tonnes de déchets évitées ;\n"
        "- {{ euros_economises }} € économisés par les entreprises ;\n"
        "- {{ nombre_entreprises }} entreprises impliquées.",
    },
    {
        "slug": "article-bulletin-intercommunal",
        "title": "Article pour le bulletin intercommunal",
        "kind": "article",
        "summary": "Un article prêt à adapter pour le magazine de la collectivité.",
        "date": "2022-08-29",
        "themes": ["gouvernance"],
        "audiences": ["grand-public"],
        "tags": ["bulletin", "collectivité"],
        "template_body": "## Quand les déchets des uns deviennent les ressources des autres\n\n"
        "Sur {{ nom_zone }}, {{ nombre_entreprises }} entreprises coopèrent déjà. "
        "Exemple : {{ exemple_synergie }}.",
    },
    {
        "slug": "post-linkedin-synergie",
        "title": "Publication LinkedIn : une synergie en fonctionnement",
        "kind": "reseaux_sociaux",
        "summary": "Valoriser une synergie en quelques lignes sur les réseaux sociaux "
        "professionnels.",
        "date": "2023-06-06",
        "themes": ["matieres"],
        "audiences": ["entreprises"],
        "tags": ["réseaux sociaux", "bois"],
        "template_body": "♻️ À {{ nom_territoire }}, {{ entreprise_a }} et {{ entreprise_b }} "
        "échangent {{ flux }}. Résultat : {{ gain }} par an. #EIT #EconomieCirculaire",
    },
    {
        "slug": "post-reseaux-atelier",
        "title": "Publication réseaux sociaux : retour en images sur un atelier",
        "kind": "reseaux_sociaux",
        "summary": "Remercier les participants d'un atelier et annoncer les suites.",
        "date": "2024-10-21",
        "themes": ["services-mutualises"],
        "audiences": ["entreprises"],
        "tags": ["réseaux sociaux", "atelier", "mutualisation"],
        "template_body": "Merci aux {{ nombre_participants }} entreprises présentes à l'atelier "
        "du {{ date_atelier }} ! {{ nombre_pistes }} pistes de synergies à suivre.",
    },
    {
        "slug": "invitation-atelier-synergies",
        "title": "Invitation à un atelier de synergies",
        "kind": "invitation",
        "summary": "Inviter les dirigeants d'une zone à un atelier de détection de synergies.",
        "date": "2022-02-03",
        "themes": ["gouvernance"],
        "audiences": ["entreprises"],
        "tags": ["atelier", "invitation"],
        "template_body": "Madame, Monsieur,\n\n{{ nom_structure }} vous invite à l'atelier "
        "du **{{ date_atelier }}** à {{ lieu }}.\n\nInscription auprès de "
        "{{ contact_animateur }}.",
    },
    {
        "slug": "elements-langage-elus",
        "title": "Éléments de langage pour les élus",
        "kind": "elements_de_langage",
        "summary": "Trois messages clés et des réponses aux objections les plus fréquentes.",
        "date": "2023-01-16",
        "themes": ["gouvernance"],
        "audiences": ["elus", "animateurs"],
        "tags": ["élus", "argumentaire"],
        "template_body": "### Message 1 : un levier économique\n\nÀ {{ nom_territoire }}, "
        "l'écologie industrielle fait baisser les factures des entreprises.\n\n"
        "### Objection : « nous n'avons pas le temps »\n\nRéponse : "
        "l'animateur prépare tout ; {{ temps_demande }} suffisent.",
    },
    {
        "slug": "diaporama-presentation-demarche",
        "title": "Diaporama de présentation de la démarche",
        "kind": "diaporama",
        "summary": "Un plan de diaporama en dix vues pour présenter la démarche en réunion.",
        "date": "2026-03-09",
        "themes": ["gouvernance"],
        "audiences": ["animateurs", "entreprises"],
        "tags": ["présentation", "mutualisation"],
        "template_body": "1. {{ nom_territoire }} : qui sommes-nous ?\n"
        "2. L'écologie industrielle en trois exemples\n"
        "3. Nos chiffres : {{ nombre_entreprises }} entreprises, {{ tonnes_evitees }} t "
        "évitées\n4. Comment participer ?",
        "members_only": True,
    },
]
