// Opens the classroom page an address names, the instructor's or a student's, in the game's screens.
import type { Catalogue } from '../catalogue.ts';
import { InstructorPage } from './instructor.ts';
import { ProjectorPage } from './projector.ts';
import type { ClassroomRoute } from './route.ts';
import { StudentPage, type StudentElements } from './student.ts';
import './classroom.css';

export async function openClassroom(
  route: ClassroomRoute,
  catalogue: Catalogue,
  el: StudentElements,
  ready: (renderer: 'webgl' | 'canvas' | null) => void,
): Promise<void> {
  document.title = route.page === 'instructor' ? 'Communiqué — classroom control room' : 'Communiqué — classroom';
  if (route.page === 'instructor') {
    // The control room takes the title screen's place: a page of its own, no conference room.
    await new InstructorPage(route, catalogue, el.title, el.live, () => ready(null)).open();
    return;
  }
  if (route.page === 'projector') {
    document.title = 'Communiqué — projector';
    await new ProjectorPage(route, el.title, () => ready(null)).open();
    return;
  }
  await new StudentPage(route, catalogue, el, ready).open();
}
