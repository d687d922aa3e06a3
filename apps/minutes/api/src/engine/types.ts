/** What the CLI writes as JSON and the app will show: formal minutes, every part citing its turns. */
export interface Minutes {
  /** The meeting's date (YYYY-MM-DD) when given. */
  date: string | null;
  attendees: string[];
  apologies: string[];
  /** Interests people declared, for committee minutes. */
  declarations: Point[];
  /** The overview paragraph. */
  summary: string;
  items: AgendaItem[];
  decisions: Decision[];
  actions: Action[];
}

export interface AgendaItem {
  title: string;
  /** The turns the item spans, inclusive. */
  from: number;
  to: number;
  points: Point[];
}

/** Every citation is a list of 0-based indices of transcript turns. */
export interface Point {
  text: string;
  turns: number[];
}

export interface Decision {
  text: string;
  turns: number[];
}

export interface Action {
  text: string;
  /** Who does it: a speaker or a person named, or null when the transcript does not say. */
  owner: string | null;
  /** YYYY-MM-DD, or null when no date was said or it cannot be worked out without the meeting's date. */
  due: string | null;
  /** The deadline as said ("by Friday"). */
  dueText: string | null;
  turns: number[];
}
