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

export interface RoomModel {
  title: string;
  seats: SeatModel[];
  selectedSeat: string | null;
  paragraph: { number: number; title: string; wording: string; status: string };
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
  text: string;
}

/** The room as the UI sees it; implemented with Phaser in room-scene.ts. */
export interface RoomStage {
  renderer: 'webgl' | 'canvas';
  show(model: RoomModel): void;
  play(moments: Moment[]): void;
  /** Called when the player picks a seat with the pointer or the keyboard on the canvas. */
  onSeatChosen(handler: (id: string) => void): void;
}
