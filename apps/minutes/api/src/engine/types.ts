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
  /** What a person should check about the whole (the model engine's failed checks). */
  problems?: string[];
  /** Sections a template asks the model to write ("text" sections), by heading. */
  sections?: Record<string, Point>;
}

export interface AgendaItem {
  title: string;
  /** The turns the item spans, inclusive. */
  from: number;
  to: number;
  points: Point[];
  /** What the Chair said to close the item, for "Summing up, the Chair said …". */
  summingUp?: Point;
}

/** Every citation is a list of 0-based indices of transcript turns. */
export interface Point {
  text: string;
  turns: number[];
  /**
   * The model engine's checks that failed, for a person to look at: citations that could not be
   * made good, quotes not found word for word, names that appear nowhere in the transcript.
   */
  problems?: string[];
  /** The model could not cite turns that exist for this point: it is shown as unsupported. */
  unsupported?: boolean;
}

export interface Decision extends Point {
  /** Who proposed and who seconded it, when the transcript says (committee minutes). */
  proposer?: string | null;
  seconder?: string | null;
}

export interface Action extends Point {
  /** Who does it: a speaker or a person named, or null when the transcript does not say. */
  owner: string | null;
  /** YYYY-MM-DD, or null when no date was said or it cannot be worked out without the meeting's date. */
  due: string | null;
  /** The deadline as said ("by Friday"). */
  dueText: string | null;
  /** Set once the minutes are in the app, where actions are followed up; a draft's are open. */
  status?: "open" | "done";
}
