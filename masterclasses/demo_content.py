"""Words for the demo masterclasses, programme and guidance (kept apart from the code)."""

SPEAKERS = [
    # name, role, organisation, bio
    (
        "Dr Nadia Rahman",
        "Director of Commissioning",
        "Greater Manchester Health and Care Partnership",
        "Nadia led the move from annual grants to ten-year alliance contracts for "
        "community mental health across three boroughs.",
    ),
    (
        "Jago Penrose",
        "Chief Executive",
        "Kernow Food Partnership",
        "Jago runs a social enterprise that turned a network of community larders into a "
        "county-wide food partnership co-designed with the council.",
    ),
    (
        "Helen Marsh",
        "Head of Procurement",
        "Somerset Council",
        "Helen rewrote Somerset's social value and lotting approach so that small "
        "charities could bid for outcomes contracts without a prime contractor.",
    ),
    (
        "Kwame Asante",
        "Programme Lead",
        "North West Voluntary Sector Academy",
        "Kwame designs leadership programmes for chief executives working across health, "
        "care and local government boundaries.",
    ),
    (
        "Siobhan Kelly",
        "Chief Executive",
        "Sefton Young People's Network",
        "Siobhan has spent fifteen years co-producing youth services with the young people "
        "who use them.",
    ),
]

# slug, title, summary, place slug, format, audience, topics, speakers (indexes),
# session offsets in days, in programme?
MASTERCLASSES = [
    (
        "collaborative-commissioning-in-practice",
        "Collaborative commissioning in practice",
        "How Greater Manchester moved from competitive tendering to alliances where "
        "commissioners and charities share the design, the risk and the results.",
        "greater-manchester",
        "in_person",
        "both",
        ["collaborative-commissioning", "commissioning", "systems-leadership"],
        [0, 3],
        [14, 42],
        False,
    ),
    (
        "starting-from-strengths",
        "Starting from strengths: asset-based approaches to commissioning",
        "Map what communities already have before deciding what to buy. Cornwall's "
        "food partnership shows how.",
        "cornwall",
        "hybrid",
        "both",
        ["asset-based-approaches", "co-production"],
        [1],
        [21],
        False,
    ),
    (
        "outcomes-first-contracts",
        "Outcomes-first contracts that small providers can bid for",
        "Write specifications around the difference people want in their lives, and "
        "pay for it in ways a small charity can manage.",
        "somerset",
        "online",
        "both",
        ["outcomes", "commissioning", "small-and-local-providers"],
        [2],
        [10, 38],
        False,
    ),
    (
        "opening-local-markets",
        "Opening local markets to small and community providers",
        "Lotting, grant-in-aid, light-touch reporting and social value that counts: "
        "practical ways to let local organisations compete.",
        "wirral",
        "in_person",
        "commissioners",
        ["small-and-local-providers", "commissioning"],
        [2, 3],
        [28],
        False,
    ),
    (
        "co-producing-with-young-people",
        "Co-producing services with young people",
        "What changes when young people sit on the commissioning panel: lessons from "
        "Sefton's youth partnership.",
        "sefton",
        "in_person",
        "chief_executives",
        ["co-production", "governance"],
        [4],
        [35],
        False,
    ),
    (
        "alternative-delivery-models",
        "Alternative delivery models: consortia, co-operatives and mutuals",
        "When a single charity is too small to hold a contract, a consortium or mutual "
        "may not be. How to set one up and keep it healthy.",
        "east-of-england",
        "online",
        "chief_executives",
        ["alternative-delivery-models", "governance"],
        [3],
        [17, 45],
        False,
    ),
    (
        "systems-leadership-for-chief-executives",
        "Systems leadership for voluntary sector chief executives",
        "Leading beyond your own organisation: influence without authority across "
        "health, care and local government.",
        "north-west",
        "hybrid",
        "chief_executives",
        ["systems-leadership"],
        [3, 0],
        [24, 52],
        True,
    ),
    (
        "governance-for-partnerships",
        "Good governance for partnerships and alliances",
        "Boards, risk and accountability when your charity is one of several partners "
        "holding a shared contract.",
        "north-west",
        "online",
        "both",
        ["governance", "collaborative-commissioning"],
        [3],
        [31],
        True,
    ),
]

PROGRAMME = (
    "north-west-leaders-academy",
    "North West Leaders' Academy",
    "A year-long local academy for chief executives and commissioners across the North "
    "West, meeting monthly in Liverpool, Manchester and online.",
    "north-west",
)

MASTERCLASS_BODY = [
    (
        "paragraph",
        "<p>This masterclass is practical: you will work through real examples from the "
        "place that tried it, including what went wrong, and leave with a plan for your own "
        "organisation or commissioning team.</p>",
    ),
    ("heading", "Who it is for"),
    (
        "paragraph",
        "<p>Chief executives of charities and social enterprises, and commissioners from "
        "local authorities and the NHS. You do not need to have commissioned or bid this way "
        "before.</p>",
    ),
    (
        "quote",
        {
            "quote": "We stopped asking what we could buy and started asking what was "
            "already working.",
            "attribution": "A commissioner who took part last year",
        },
    ),
]

GUIDANCE = [
    (
        "what-is-collaborative-commissioning",
        "What is collaborative commissioning?",
        "A plain-English introduction to commissioning with, not for, the voluntary sector.",
        ["collaborative-commissioning", "commissioning"],
        [
            "Collaborative commissioning means commissioners, providers and the people who "
            "use services deciding together what is needed, how it will be delivered and how "
            "success will be judged. It replaces the cycle of specification, tender and "
            "contract management with a continuing partnership.",
            "In practice it often starts small: a shared needs assessment, a joint design "
            "workshop, or an alliance agreement in which partners share a budget and agree to "
            "succeed or fail together. The legal form matters less than the behaviours: open "
            "books, shared data and decisions taken in the room with the people affected.",
            "The Provider Selection Regime for health care services and the Procurement Act "
            "2023 both give commissioners more room than many assume to work this way, "
            "provided decisions are transparent and recorded.",
        ],
    ),
    (
        "asset-based-approaches",
        "Asset-based approaches: starting with what communities have",
        "How to map local strengths and commission to build on them rather than replace them.",
        ["asset-based-approaches", "co-production"],
        [
            "An asset-based approach begins by asking what a community already has: "
            "people's skills and relationships, groups and associations, buildings, land and "
            "local businesses. Needs still matter, but they are no longer the only lens.",
            "For commissioners this changes the first question from 'what service shall we "
            "buy?' to 'what would help what is already working to do more?'. Small grants, "
            "access to buildings and backing for community organisers often achieve more than "
            "a new contract.",
            "Start with a conversation, not a survey: walk the area with local leaders, "
            "record what you find, and share the map back with the people who helped make it.",
        ],
    ),
    (
        "outcomes-first-commissioning",
        "Outcomes-first commissioning without the paperwork",
        "Specify the difference you want, measure what matters and keep reporting proportionate.",
        ["outcomes", "commissioning"],
        [
            "Outcomes-first commissioning describes the change people want to see in their "
            "lives and leaves providers room to decide how to get there. Done well it rewards "
            "learning and adaptation; done badly it buries small charities in measurement.",
            "Agree a handful of outcomes with the people who use the service, choose "
            "indicators you will actually use, and pay for activity and learning as well as "
            "results so that risk sits with whoever can carry it.",
            "Review together every quarter: what is working, what is not, and what you will "
            "change. Treat the contract as a living agreement, not a fixed specification.",
        ],
    ),
    (
        "opening-markets-to-small-local-providers",
        "Opening markets to small and local providers",
        "Practical changes to procurement that let community organisations compete.",
        ["small-and-local-providers", "commissioning"],
        [
            "Small and local organisations often deliver the best outcomes but lose out to "
            "larger bidders because of contract size, insurance thresholds, payment in "
            "arrears or tender timetables that leave no time to form partnerships.",
            "Commissioners can lot contracts by place or client group, use grants where a "
            "market does not exist, pay in advance, scale insurance requirements to risk and "
            "give at least six weeks for bids. Weight social value towards local employment "
            "and volunteering.",
            "Providers can prepare by forming consortia early, agreeing a lead partner and "
            "shared back-office arrangements before a tender is published.",
        ],
    ),
    (
        "forming-a-provider-alliance",
        "Forming a provider alliance: a checklist",
        "The agreements, governance and money flows you need before signing an alliance contract.",
        ["alternative-delivery-models", "governance", "collaborative-commissioning"],
        [
            "An alliance is a group of providers, and often the commissioner, bound by a "
            "single agreement to deliver shared outcomes. Unlike a prime contractor model, "
            "no single partner manages the others.",
            "Before signing, agree the alliance principles, a leadership group with clear "
            "decision rules, how surplus and loss will be shared, how data will flow, and "
            "how a partner can join or leave.",
            "Budget for the relationship itself: a small alliance management team and time "
            "for partners to meet are what make the difference between a real alliance and a "
            "contract with a new name.",
        ],
    ),
    (
        "co-production-with-people-who-use-services",
        "Co-production with people who use services",
        "Sharing power in the design, delivery and review of services, and paying people "
        "for their time.",
        ["co-production", "outcomes"],
        [
            "Co-production means people with lived experience share power with "
            "professionals at every stage: deciding what is needed, designing the service, "
            "delivering it and judging whether it works.",
            "Pay people for their time and expertise, meet where and when suits them, and "
            "be honest about which decisions are genuinely open. Consultation after the "
            "decision is made is not co-production.",
            "Build it into commissioning: budget for co-production in every contract, and "
            "include people with lived experience on evaluation panels.",
        ],
    ),
]
