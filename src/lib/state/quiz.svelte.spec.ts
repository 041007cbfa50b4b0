// @vitest-environment jsdom
/**
 * The quiz page state: reading the address, saving after every change, resuming, recovering from
 * corrupt data with one line, practising missed questions, and reporting through `spl:quiz` events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { solutionOf, type QuizReportEvent } from '$lib/quiz';
import { sampleBank, wrongAnswerFor } from '$lib/quiz/fixtures/sample-bank';
import {
	QUIZ_EVENT,
	QuizController,
	STORAGE_KEY,
	domReporter,
	quizQuery,
	readQuizParams,
	type QuizSettings
} from './quiz.svelte';

const bank = sampleBank;
const topics = [...new Set(bank.map((q) => q.topic))].sort();
const settings: QuizSettings = { mode: 'assessment', topic: topics[0], seed: 'abc', pass: 80 };

describe('reading the quiz settings from the address', () => {
	it('takes mode, topic, seed and pass mark from a teacher’s link', () => {
		const parsed = readQuizParams(
			new URLSearchParams(`mode=quick&topic=${topics[1]}&seed=class-7b&pass=60`),
			topics
		);
		expect(parsed).toEqual({
			settings: { mode: 'quick', topic: topics[1], seed: 'class-7b', pass: 60 },
			ignored: [],
			seedGenerated: false
		});
	});

	it('makes up a seed when there is none, so the page can write it into the address', () => {
		const parsed = readQuizParams(new URLSearchParams(''), topics, () => 'zz9');
		expect(parsed.settings).toEqual({
			mode: 'assessment',
			topic: topics[0],
			seed: 'zz9',
			pass: 80
		});
		expect(parsed.seedGenerated).toBe(true);
		expect(quizQuery(parsed.settings)).toBe('mode=assessment&seed=zz9&pass=80');
	});

	it('ignores bad values and unknown keys, naming each one and the default used', () => {
		const parsed = readQuizParams(
			new URLSearchParams('mode=exam&topic=nope&seed=a b&pass=0&colour=red'),
			topics,
			() => 'new1'
		);
		expect(parsed.settings).toEqual({
			mode: 'assessment',
			topic: topics[0],
			seed: 'new1',
			pass: 80
		});
		expect(parsed.ignored).toHaveLength(5);
		expect(parsed.ignored.join(' ')).toMatch(
			/mode “exam”.*topic “nope”.*seed “a b”.*pass “0”.*“colour”/
		);
	});
});

describe('QuizController', () => {
	let events: QuizReportEvent[];
	const listen = (e: Event) => events.push((e as CustomEvent<QuizReportEvent>).detail);

	beforeEach(() => {
		localStorage.clear();
		events = [];
		window.addEventListener(QUIZ_EVENT, listen);
	});
	afterEach(() => window.removeEventListener(QUIZ_EVENT, listen));

	const make = () =>
		new QuizController({ bank, storage: localStorage, reporter: domReporter(window) });

	it('saves the quiz to localStorage after every change', () => {
		const quiz = make();
		quiz.start(settings);
		const first = localStorage.getItem(STORAGE_KEY);
		expect(JSON.parse(first!)).toMatchObject({ format: 'quiz-progress', quiz: { seed: 'abc' } });
		quiz.change(solutionOf(quiz.question!));
		expect(localStorage.getItem(STORAGE_KEY)).not.toBe(first);
		quiz.check();
		expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).progress.stage).toBe('correct');
		quiz.stop();
	});

	it('resumes a saved quiz at the same question and stage on the next visit', () => {
		const first = make();
		first.start(settings);
		first.change(solutionOf(first.question!));
		first.check();
		first.next();
		const id = first.question!.id;
		first.stop();

		const again = make();
		expect(again.restore()).toBe(true);
		expect(again.resumed).toBe(true);
		expect(again.question!.id).toBe(id);
		expect(again.context!.index).toBe(1);
		expect(again.stage).toBe('answering');
		again.stop();
	});

	it('replaces corrupt or outdated saved data with a one-line notice, never throwing', () => {
		localStorage.setItem(STORAGE_KEY, '{"format":"quiz-progress","version":0}');
		const quiz = make();
		expect(quiz.restore()).toBe(false);
		expect(quiz.notice).toMatch(/^The saved quiz could not be restored: .*version/);
		expect(quiz.notice).not.toContain('\n');
		expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
		expect(quiz.current).toBeNull();
	});

	it('dispatches spl:quiz events on window as the quiz starts, is answered and completes', () => {
		const quiz = make();
		quiz.start({ ...settings, mode: 'quick', topic: 'phases' });
		const total = quiz.context!.quiz.questions.length;
		for (let i = 0; i < total; i++) {
			quiz.change(solutionOf(quiz.question!));
			quiz.check();
			quiz.next();
		}
		expect(events[0]).toMatchObject({ type: 'quiz.started', mode: 'quick', total });
		expect(events.filter((e) => e.type === 'question.answered')).toHaveLength(total);
		expect(events.at(-1)).toMatchObject({ type: 'quiz.completed', score: total, passed: true });
		expect(quiz.stage).toBe('results');
		quiz.stop();
	});

	it('keeps the results between visits and practises only the missed questions', () => {
		const quiz = make();
		quiz.start(settings);
		const total = quiz.context!.quiz.questions.length;
		for (let i = 0; i < total; i++) {
			if (i === 0) {
				// The first question is answered wrongly, then its answer is shown.
				quiz.change(wrongAnswerFor(quiz.question!));
				quiz.check();
				quiz.reveal();
			} else {
				quiz.change(solutionOf(quiz.question!));
				quiz.check();
			}
			quiz.next();
		}
		quiz.stop();
		const later = make();
		expect(later.restore()).toBe(true);
		expect(later.stage).toBe('results');
		expect(later.summary!.missed).toHaveLength(1);
		expect(later.practise()).toBe(true);
		expect(later.context!.quiz.mode).toBe('practice');
		expect(later.context!.quiz.questions).toHaveLength(1);
		later.startOver();
		expect(later.current).toBeNull();
		expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
	});
});
