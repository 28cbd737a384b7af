// Version stamps carried by every saved game, replay and scenario file: the rules' own version, so it lives with the rules.

/**
 * The rules version: bump on any change to what a command does (a game's course or its state hash).
 * A replay binds to it; golden replays are re-pinned with it. How seats choose is the AI version
 * (src/ai/autopilot.ts), recorded for information only.
 */
export const ENGINE_VERSION = '0.5.0';

/** The format of replays and saves this engine writes; older ones are migrated (migrations.ts) or refused. */
export const REPLAY_FORMAT = 2;
