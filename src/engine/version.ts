// Version stamps carried by every saved game and replay file.

/** Bump on any change that alters a game's course or its state hash; golden replays are re-pinned with it. */
export const ENGINE_VERSION = '0.1.0';

/** The replay and save file format this engine writes; older ones are migrated or refused. */
export const REPLAY_FORMAT = 1;
