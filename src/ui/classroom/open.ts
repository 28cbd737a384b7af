// Opens the classroom page an address names, the instructor's or a student's, in the game's screens.
import { InstructorPage } from './instructor.ts';
import { ProjectorPage } from './projector.ts';
import type { ClassroomRoute } from './route.ts';
import { StudentPage, type StudentElements } from './student.ts';
import './classroom.css';
import { t as L } from '../../i18n/index.ts';
import { loadClassroomWords } from '../localize.ts';

export async function openClassroom(
  route: ClassroomRoute,
  el: StudentElements,
  ready: (renderer: 'webgl' | 'canvas' | null) => void,
): Promise<void> {
  // The classroom's own words join the page's language before any classroom page draws.
  await loadClassroomWords();
  document.title = route.page === 'instructor' ? L('class.doc-instructor') : L('class.doc-student');
  if (route.page === 'instructor') {
    // The control room takes the title screen's place: a page of its own, no conference room.
    await new InstructorPage(route, el.title, el.live, () => ready(null)).open();
    return;
  }
  if (route.page === 'projector') {
    document.title = L('pj.title');
    await new ProjectorPage(route, el.title, () => ready(null)).open();
    return;
  }
  // No classroom page fetches a scenario file (the classroom server serves none): the instructor's get
  // theirs from the server with the secret, a student's draws the scenario the server sends its seat.
  await new StudentPage(route, el, ready).open();
}
