// What the conference room draws, as plain data prepared by the UI from the engine's view: the room
// never reads the meeting itself, so it cannot decide anything.
import type { Stance } from '../domain/state.ts';

export interface SeatModel {
  id: string;
  name: string;
  head: string;
  /** URL of the flag SVG, or null for a neutral emblem. */
  flag: string | null;
  /** The stance voiced on the selected paragraph, null when none was voiced (or the seat is empty). */
  stance: Stance | null;
  chair: boolean;
  player: boolean;
  walkedOut: boolean;
}

export interface ClockModel {
  session: string;
  slot: string;
  /** The player's minutes left in this slot; null when the meeting has closed. */
  minutesLeft: number | null;
  slotMinutes: number;
  /** 1-based number of the current slot across the schedule, and how many there are. */
  slotNumber: number;
  totalSlots: number;
}

/** One paragraph of the draft as the docket on the table lists it. */
export interface DocketEntry {
  id: string;
  number: number;
  title: string;
  status: 'open' | 'adopted' | 'footnoted' | 'chair-summary';
}

export interface RoomModel {
  title: string;
  seats: SeatModel[];
  selectedSeat: string | null;
  paragraph: { id: string; number: number; title: string; wording: string; status: string };
  /** Every paragraph of the draft, in order, for the docket on the table. */
  docket: DocketEntry[];
  clock: ClockModel;
  /** Headlines for the news ticker, newest first. */
  news: string[];
}

/** Something that happened in the room, to be animated. */
export interface Moment {
  kind: 'consult' | 'lobby' | 'linkage' | 'broker' | 'walk-out' | 'adoption' | 'event' | 'stance' | 'clock';
  actor?: string;
  target?: string;
  /** For lobbying and adoption: did it work. */
  success?: boolean;
  /** For adoption: the paragraph called, so its own line on the docket is stamped. */
  paragraph?: string;
  text: string;
}

/** A rectangle in page pixels (CSS px from the viewport's top left). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Where the room drew what, in page pixels, for tests and tools: the seats' cards, the docket's
 * lines, every news card and stamp placed since the room was last laid out.
 */
export interface RoomLayout {
  seats: (Box & { id: string })[];
  rows: (Box & { id: string })[];
  table: Box;
  news: Box[];
  stamps: (Box & { paragraph: string; adopted: boolean })[];
  /** Animations running now (walks, stamps, news): zero once the room is still. */
  busy: number;
}

/** The room as the UI sees it; implemented with Phaser in room-scene.ts. */
export interface RoomStage {
  renderer: 'webgl' | 'canvas';
  show(model: RoomModel): void;
  play(moments: Moment[]): void;
  /** Called when the player picks a seat with the pointer or the keyboard on the canvas. */
  onSeatChosen(handler: (id: string) => void): void;
  layout(): RoomLayout;
}
