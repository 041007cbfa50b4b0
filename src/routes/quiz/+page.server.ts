/**
 * Loads the quiz bank at build time (the page is prerendered): `loadQuizBank` fails the build on any
 * problem, and only the checked questions reach the browser, so the protocol engine and the bank's
 * checks stay out of the page's JavaScript.
 */
import { loadQuizBank } from '$lib/content/quiz-bank';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const { questions, topics } = loadQuizBank();
	return { questions, topics };
};
