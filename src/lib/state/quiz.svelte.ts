/**
 * The quiz page's state: which quiz the address asks for (`?mode=assessment&seed=abc&pass=80`,
 * `?mode=quick&topic=ports&seed=abc`), the one quiz actor (through `ActorState`), saving its progress
 * to localStorage under `spl.quiz` after every change, and restoring it on the next visit — or, when
 * the saved data is corrupt or outdated, a one-line notice and a fresh start, never an exception.
 * Reports the quiz's events as a DOM `CustomEvent('spl:quiz')` on window for embedding later.
 *
 * Leaves to others: grading, selection, the flow and the save format (`$lib/quiz`), the bank
 * (`$lib/content`, loaded at build time), writing the address bar (the page) and drawing (components).
 */
import { createActor, type Actor } from 'xstate';
import {
	ASSESSMENT_COUNT,
	QUICK_CHECK_COUNT,
	DEFAULT_PASS_MARK,
	buildQuiz,
	connectReporter,
	currentQuestion,
	currentRecord,
	loadQuiz,
	practiceMissed,
	quizMachine,
	saveQuiz,
	stageOf,
	summarize,
	type Answer,
	type Question,
	type Quiz,
	type QuizInput,
	type QuizReporter,
	type QuizReportEvent
} from '$lib/quiz';
import { ActorState } from './actor.svelte';

export const STORAGE_KEY = 'spl.quiz';
export const QUIZ_EVENT = 'spl:quiz';

export type QuizActor = Actor<typeof quizMachine>;
export type StartMode = 'quick' | 'assessment';

/** What the learner (or a teacher's link) chose: the quiz is built from these and the bank. */
export interface QuizSettings {
	mode: StartMode;
	/** The topic of a quick check. */
	topic: string;
	seed: string;
	/** Pass mark in whole percent, 1–100. */
	pass: number;
}

export interface ParsedParams {
	settings: QuizSettings;
	/** One plain sentence per ignored parameter, naming it and the default used. */
	ignored: string[];
	/** The address had no seed, so one was made up and must be written back. */
	seedGenerated: boolean;
}

const SEED = /^[A-Za-z0-9_-]{1,40}$/;
const KEYS = ['mode', 'topic', 'seed', 'pass'];

/** A short random seed, e.g. `k3x9qa`. */
export function randomSeed(random: () => number = Math.random): string {
	let seed = '';
	for (let i = 0; i < 6; i++)
		seed += '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 36)];
	return seed;
}

/**
 * Reads the quiz settings from the address. Bad or unknown parameters are ignored with a sentence
 * each; safe defaults take their place (assessment, the first topic, a new seed, a pass mark of 80).
 */
export function readQuizParams(
	params: URLSearchParams,
	topics: readonly string[],
	makeSeed: () => string = randomSeed
): ParsedParams {
	const ignored: string[] = [];
	const defaultPass = Math.round(DEFAULT_PASS_MARK * 100);
	const mode = params.get('mode');
	const topic = params.get('topic');
	const seed = params.get('seed');
	const pass = params.get('pass');
	const settings: QuizSettings = {
		mode: 'assessment',
		topic: topics[0] ?? '',
		seed: '',
		pass: defaultPass
	};
	if (mode === 'quick' || mode === 'assessment') settings.mode = mode;
	else if (mode !== null)
		ignored.push(`mode “${mode}” is not quick or assessment, so the full assessment is offered.`);
	if (topic !== null) {
		if (topics.includes(topic)) settings.topic = topic;
		else
			ignored.push(`topic “${topic}” is not a topic of this quiz, so “${settings.topic}” is used.`);
	}
	if (seed !== null && SEED.test(seed)) settings.seed = seed;
	else if (seed !== null)
		ignored.push(
			`seed “${seed}” may only use letters, digits, - and _ (up to 40), so a new seed was made.`
		);
	if (pass !== null) {
		const n = /^\d{1,3}$/.test(pass) ? Number(pass) : NaN;
		if (n >= 1 && n <= 100) settings.pass = n;
		else
			ignored.push(
				`pass “${pass}” is not a whole percentage from 1 to 100, so the pass mark is ${defaultPass}%.`
			);
	}
	const keys = [...params.keys()];
	keys.forEach((key, i) => {
		if (!KEYS.includes(key) && keys.indexOf(key) === i)
			ignored.push(`“${key}” is not a quiz setting and was ignored.`);
	});
	const seedGenerated = settings.seed === '';
	if (seedGenerated) settings.seed = makeSeed();
	return { settings, ignored, seedGenerated };
}

/** The address query of some settings: the link a teacher can share. */
export function quizQuery(settings: QuizSettings): string {
	const parts = [`mode=${settings.mode}`];
	if (settings.mode === 'quick') parts.push(`topic=${encodeURIComponent(settings.topic)}`);
	parts.push(`seed=${encodeURIComponent(settings.seed)}`, `pass=${settings.pass}`);
	return parts.join('&');
}

/** A reporter that dispatches every quiz event as `CustomEvent('spl:quiz', { detail })`. */
export function domReporter(target: EventTarget): QuizReporter {
	return {
		report(event: QuizReportEvent) {
			target.dispatchEvent(new CustomEvent(QUIZ_EVENT, { detail: event }));
		}
	};
}

export interface QuizControllerOptions {
	bank: readonly Question[];
	/** Where progress is kept; null (the default) saves nothing, e.g. while prerendering. */
	storage?: Storage | null;
	reporter?: QuizReporter;
}

/** Owns the quiz actor of the page: start, resume, save, practise, start over. */
export class QuizController {
	readonly bank: readonly Question[];
	#storage: Storage | null;
	#reporter: QuizReporter | undefined;
	#cleanup: (() => void)[] = [];

	/** The running quiz, or null on the start screen. */
	current = $state<ActorState<QuizActor> | null>(null);
	/** Why saved progress could not be restored (one line), or null. */
	notice = $state<string | null>(null);
	/** The current quiz was restored from an earlier visit. */
	resumed = $state(false);

	constructor(options: QuizControllerOptions) {
		this.bank = options.bank;
		this.#storage = options.storage ?? null;
		this.#reporter = options.reporter;
	}

	/** Connects the browser's storage and a reporter once the page runs in the browser. */
	attach(storage: Storage | null, reporter?: QuizReporter): void {
		this.#storage = storage;
		this.#reporter = reporter;
	}

	/** The snapshot of the running quiz (reading it subscribes), or null. */
	get snapshot() {
		return this.current?.snapshot ?? null;
	}

	get context() {
		return this.snapshot?.context ?? null;
	}

	get question(): Question | null {
		const context = this.context;
		return context ? currentQuestion(context) : null;
	}

	get stage() {
		const snapshot = this.snapshot;
		return snapshot ? stageOf(snapshot) : null;
	}

	get summary() {
		const context = this.context;
		return context ? summarize(context) : null;
	}

	/** The attempts made on the question on screen. */
	get attempts(): number {
		const context = this.context;
		return context ? currentRecord(context).attempts.length : 0;
	}

	/**
	 * Resumes saved progress if there is any. Returns true when a quiz was resumed; on corrupt or
	 * outdated data sets `notice`, forgets the data and returns false.
	 */
	restore(): boolean {
		let raw: string | null;
		try {
			raw = this.#storage?.getItem(STORAGE_KEY) ?? null;
		} catch {
			raw = null;
		}
		const result = loadQuiz(raw, this.bank);
		if ('input' in result) {
			this.#run(result.input);
			this.resumed = true;
			return true;
		}
		if ('error' in result) {
			this.notice = result.error;
			this.#forget();
		}
		return false;
	}

	/** Starts a new quiz from settings; replaces any quiz in progress. */
	start(settings: QuizSettings): Quiz {
		const quiz = buildQuiz({
			bank: this.bank,
			mode: settings.mode,
			seed: settings.seed,
			topic: settings.mode === 'quick' ? settings.topic : undefined,
			count: settings.mode === 'quick' ? QUICK_CHECK_COUNT : ASSESSMENT_COUNT
		});
		this.resumed = false;
		this.notice = null;
		this.#run({ quiz, passMark: settings.pass / 100 });
		return quiz;
	}

	/** A practice quiz of the questions not counted as correct; false when none were missed. */
	practise(): boolean {
		const context = this.context;
		if (!context) return false;
		const quiz = practiceMissed(context);
		if (!quiz) return false;
		this.resumed = false;
		this.#run({ quiz, passMark: context.passMark });
		return true;
	}

	/** Back to the start screen; the saved progress is forgotten. */
	startOver(): void {
		this.stop();
		this.current = null;
		this.resumed = false;
		this.#forget();
	}

	change(answer: Answer) {
		this.current?.send({ type: 'answer.changed', answer });
	}
	check() {
		this.current?.send({ type: 'answer.check' });
	}
	retry() {
		this.current?.send({ type: 'answer.retry' });
	}
	reveal() {
		this.current?.send({ type: 'answer.reveal' });
	}
	next() {
		this.current?.send({ type: 'question.next' });
	}

	/** Whether an event is possible now, e.g. `can('answer.check')` for the Check button. */
	can(type: 'answer.check' | 'answer.retry' | 'answer.reveal' | 'question.next'): boolean {
		return this.snapshot?.can({ type }) ?? false;
	}

	/** Stops the running actor (the component that owns this controller calls it on destroy). */
	stop(): void {
		for (const fn of this.#cleanup.splice(0)) fn();
	}

	#run(input: QuizInput) {
		this.stop();
		const actor = createActor(quizMachine, { input });
		if (this.#reporter) this.#cleanup.push(connectReporter(actor, this.#reporter));
		const subscription = actor.subscribe((snapshot) => this.#save(snapshot));
		this.#cleanup.push(
			() => subscription.unsubscribe(),
			() => actor.stop()
		);
		actor.start();
		this.#save(actor.getSnapshot());
		this.current = new ActorState(actor);
	}

	#save(snapshot: Parameters<typeof saveQuiz>[0]) {
		try {
			this.#storage?.setItem(STORAGE_KEY, saveQuiz(snapshot));
		} catch {
			// A full or forbidden storage only loses the saving, never the quiz.
		}
	}

	#forget() {
		try {
			this.#storage?.removeItem(STORAGE_KEY);
		} catch {
			// Nothing to forget.
		}
	}
}
