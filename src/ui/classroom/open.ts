// Opens the classroom page an address names, the instructor's or a student's, in the game's screens.
import type { Catalogue } from '../catalogue.ts';
import { InstructorPage } from './instructor.ts';
import { ProjectorPage } from './projector.ts';
import type { ClassroomRoute } from './route.ts';
import { StudentPage, type StudentElements } from './student.ts';
import './classroom.css';
import { t as L } from '../../i18n/index.ts';
import { loadClassroomWords } from '../localize.ts';

export async function openClassroom(
  route: ClassroomRoute,
  catalogue: Catalogue,
  el: StudentElements,
  ready: (renderer: 'webgl' | 'canvas' | null) => void,
): Promise<void> {
  // The classroom's own words join the page's language before any classroom page draws.
  await loadClassroomWords();
  document.title = route.page === 'instructor' ? L('class.doc-instructor') : L('class.doc-student');
  if (route.page === 'instructor') {
    // The control room takes the title screen's place: a page of its own, no conference room.
    await new InstructorPage(route, catalogue, el.title, el.live, () => ready(null)).open();
    return;
  }
  if (route.page === 'projector') {
    document.title = L('pj.title');
    await new ProjectorPage(route, catalogue, el.title, () => ready(null)).open();
    return;
  }
  // A student's page draws the scenario the server sends its seat: no catalogue, nothing fetched.
  await new StudentPage(route, el, ready).open();
}
