// The viewer's lazy entry: everything the title and end screens open — the replay viewer, the
// debrief, the section comparison and the briefing pack — arrives in one chunk with its libraries.
export { ReplayViewer, type ViewerDeps, type ViewerStart } from './viewer.ts';
export { loadReplay, type LoadedReplay } from './load.ts';
export { briefingPackHtml } from '../../print/briefing-pack-html.ts';
