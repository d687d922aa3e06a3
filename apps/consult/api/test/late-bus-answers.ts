/** Forty answers on four subjects in varied words, written for the sorter's tests. */
export const LATE_BUS_ANSWERS = [
  ...[
    "I work late shifts at the hospital and the last bus gets me home",
    "My shift ends at eleven so I rely on the late service to get back from work",
    "Without evening buses I cannot get home after my shift at the warehouse",
    "Night workers like me need a bus after ten to get back from work",
    "I finish work at the factory late and the bus is my only way home",
    "Shift workers in care homes depend on these late buses to get home",
    "My job in a restaurant ends late and I take the last bus home from work",
    "Cleaners on the evening shift need the bus to get home from work",
    "I would lose my job if the late bus home from my shift stopped",
    "Evening shifts at the supermarket mean I need the bus to get home",
  ],
  ...[
    "A taxi home costs twenty pounds which I cannot afford",
    "Fares are already too expensive and taxis cost far more",
    "I cannot pay for a taxi every night, the bus is the only cheap option",
    "Taxis are too expensive for people on low wages",
    "The cost of getting a taxi instead would be more than I earn in an hour",
    "Bus fares are cheap compared to the price of a taxi",
    "People on benefits cannot afford taxis when the bus is cut",
    "The price of taxis in this town is far too high for students",
    "I would have to spend money I do not have on taxis",
    "Cheaper than a taxi, the bus is what I can afford on my wage",
  ],
  ...[
    "Older people in the villages will be cut off and lonely",
    "My elderly mother relies on the bus to visit friends in the evening",
    "Pensioners in rural villages will be isolated without buses",
    "Elderly residents cannot drive and will be stuck at home",
    "Cutting the service leaves older people in villages alone",
    "Lonely pensioners use the evening bus to get to the social club",
    "Rural villages have no other transport for older residents",
    "My grandparents would be isolated in their village",
    "Older people without cars will be trapped in the villages",
    "Isolation of elderly people in villages will get worse",
  ],
  ...[
    "Waiting at a dark bus stop is unsafe, more lighting is needed",
    "I do not feel safe walking home at night without the bus",
    "Women walking alone at night are at risk if the buses stop",
    "The walk home in the dark is dangerous for young people",
    "Safety at night matters, walking home alone is frightening",
    "Teenagers walking home in the dark at night are not safe",
    "Without the bus I would walk home alone at night and feel unsafe",
    "Streets are dark and dangerous late at night for people walking",
    "Walking home at night alone worries me for my safety",
    "My daughter would have to walk home in the dark which is unsafe",
  ],
];

/** The answers as a CSV with an `id` and an `answer` column. */
export const lateBusCsv = () =>
  ["id,answer", ...LATE_BUS_ANSWERS.map((answer, index) => `${index + 1},"${answer}"`)].join("\n");
