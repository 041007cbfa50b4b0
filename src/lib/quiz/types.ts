/**
 * Question kinds of the quiz engine, as plain JSON-serialisable data, and their validation.
 *
 * Responsible for: the shape of every question kind (a discriminated union on `kind`), the shape of a
 * learner's answer to each kind, and `validateQuestion`, which the content loader calls on every
 * question of a bank and prefixes with the file name. Knows nothing about SMTP: ports, modes,
 * transcripts and topics are opaque strings chosen by the content. Leaves grading to `grade.ts`,
 * selection and shuffling to `shuffle.ts`, and the question bank itself to `content/`.
 */

/** A wrong idea a distractor stands for; `id` lets reports count it, `text` corrects it. */
export interface Misconception {
	id: string;
	text: string;
}

/** One option of a choice question. Wrong options carry the misconception they stand for. */
export interface Choice {
	id: string;
	text: string;
	misconception?: Misconception;
}

/** One line of a transcript shown with the question (`speaker` is e.g. 'C' or 'S'). */
export interface TranscriptLine {
	speaker: string;
	text: string;
}

/** A transcript line the learner can select in a spot-the-problem question. */
export interface SpotLine extends TranscriptLine {
	id: string;
	/** Required on every line that is not a problem: why selecting it is a mistake. */
	misconception?: Misconception;
}

/** One step of a dialogue to put in order. */
export interface OrderStep {
	id: string;
	text: string;
	/** Shown when this step ends up in the wrong position. */
	misconception?: Misconception;
}

/** A port and a security mode, both option ids of a port-mode question. */
export interface PortMode {
	port: string;
	mode: string;
}

/** An accepted answer that is not the best one, with an optional word on why it is second best. */
export interface PortModeAlternative extends PortMode {
	note?: string;
}

/** A combination of an accepted port and an accepted mode that is wrong together. */
export interface PortModeMismatch extends PortMode {
	misconception: Misconception;
}

export type Difficulty = 1 | 2 | 3;

/** Fields every question has, whatever its kind. */
export interface QuestionBase {
	id: string;
	topic: string;
	difficulty: Difficulty;
	prompt: string;
	explanation: string;
	/** Where the explanation comes from, e.g. 'RFC 8314 §3.3'. */
	citation: string;
	/** A scenario id or query the page can open in the simulator. */
	scenario?: string;
}

/** Exactly one choice is right. */
export interface SingleQuestion extends QuestionBase {
	kind: 'single';
	choices: Choice[];
	correct: string;
}

/** Several choices may be right; the answer counts only when it is exactly the right set. */
export interface MultipleQuestion extends QuestionBase {
	kind: 'multiple';
	choices: Choice[];
	correct: string[];
}

/**
 * Pick a port and a security mode for a situation. The two parts are graded separately; the best
 * answer and every acceptable alternative count as correct.
 */
export interface PortModeQuestion extends QuestionBase {
	kind: 'port-mode';
	ports: Choice[];
	modes: Choice[];
	best: PortMode;
	alternatives: PortModeAlternative[];
	/** Every non-accepted pair of an accepted port and an accepted mode must be listed here. */
	mismatches: PortModeMismatch[];
}

/** Put the steps of a dialogue in order; `correct` lists every step id in the right order. */
export interface OrderQuestion extends QuestionBase {
	kind: 'order';
	steps: OrderStep[];
	correct: string[];
}

/** A transcript is shown; choose the server's next reply (a single choice with a transcript). */
export interface PredictReplyQuestion extends QuestionBase {
	kind: 'predict-reply';
	transcript: TranscriptLine[];
	choices: Choice[];
	correct: string;
}

/** A transcript is shown; select the line or lines with the problem. */
export interface SpotProblemQuestion extends QuestionBase {
	kind: 'spot-problem';
	transcript: SpotLine[];
	problems: string[];
}

export type Question =
	| SingleQuestion
	| MultipleQuestion
	| PortModeQuestion
	| OrderQuestion
	| PredictReplyQuestion
	| SpotProblemQuestion;

export type QuestionKind = Question['kind'];

export const QUESTION_KINDS: readonly QuestionKind[] = [
	'single',
	'multiple',
	'port-mode',
	'order',
	'predict-reply',
	'spot-problem'
];

/** A learner's answer, by kind. Every reference is an id, never a position. */
export type Answer =
	| { kind: 'single'; choiceId: string | null }
	| { kind: 'multiple'; choiceIds: string[] }
	| { kind: 'port-mode'; port: string | null; mode: string | null }
	| { kind: 'order'; stepIds: string[] }
	| { kind: 'predict-reply'; choiceId: string | null }
	| { kind: 'spot-problem'; lineIds: string[] };

export type AnswerFor<K extends QuestionKind> = Extract<Answer, { kind: K }>;

/* ---------- validation ---------- */

type Problems = string[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const isText = (value: unknown): value is string =>
	typeof value === 'string' && value.trim().length > 0;

function text(obj: Record<string, unknown>, key: string, path: string, problems: Problems): void {
	if (obj[key] === undefined) problems.push(`${path}.${key}: missing`);
	else if (!isText(obj[key])) problems.push(`${path}.${key}: must be a non-empty string`);
}

function misconception(value: unknown, path: string, problems: Problems): void {
	if (!isRecord(value)) {
		problems.push(`${path}: must be an object with id and text`);
		return;
	}
	text(value, 'id', path, problems);
	text(value, 'text', path, problems);
}

/**
 * Checks a list of objects with unique `id` and `text` fields; wrong items (per `isWrong`) need a
 * misconception and right ones must not have one. Returns the ids, or null if not a list.
 */
function options(
	obj: Record<string, unknown>,
	key: string,
	path: string,
	problems: Problems,
	opts: { textKey?: string; min: number; isWrong?: (id: string) => boolean }
): string[] | null {
	const list = obj[key];
	const at = `${path}.${key}`;
	if (!Array.isArray(list)) {
		problems.push(`${at}: ${list === undefined ? 'missing' : 'must be a list'}`);
		return null;
	}
	if (list.length < opts.min) problems.push(`${at}: needs at least ${opts.min} items`);
	const ids: string[] = [];
	list.forEach((item: unknown, i) => {
		const itemPath = `${at}[${i}]`;
		if (!isRecord(item)) {
			problems.push(`${itemPath}: must be an object`);
			return;
		}
		text(item, 'id', itemPath, problems);
		text(item, opts.textKey ?? 'text', itemPath, problems);
		if (typeof item.id === 'string') {
			if (ids.includes(item.id)) problems.push(`${itemPath}.id: duplicate "${item.id}"`);
			ids.push(item.id);
		}
		if (!opts.isWrong || typeof item.id !== 'string') return;
		if (opts.isWrong(item.id)) {
			if (item.misconception === undefined) problems.push(`${itemPath}.misconception: missing`);
			else misconception(item.misconception, `${itemPath}.misconception`, problems);
		} else if (item.misconception !== undefined) {
			problems.push(`${itemPath}.misconception: given on a right answer`);
		}
	});
	return ids;
}

function idRef(
	value: unknown,
	known: string[] | null,
	path: string,
	what: string,
	problems: Problems
): void {
	if (!isText(value)) problems.push(`${path}: must be a ${what} id`);
	else if (known && !known.includes(value)) problems.push(`${path}: unknown ${what} "${value}"`);
}

function idList(
	obj: Record<string, unknown>,
	key: string,
	known: string[] | null,
	path: string,
	what: string,
	problems: Problems
): string[] {
	const list = obj[key];
	const at = `${path}.${key}`;
	if (!Array.isArray(list) || list.length === 0) {
		problems.push(
			`${at}: ${list === undefined ? 'missing' : `must be a non-empty list of ${what} ids`}`
		);
		return [];
	}
	list.forEach((id: unknown, i) => idRef(id, known, `${at}[${i}]`, what, problems));
	if (new Set(list).size !== list.length) problems.push(`${at}: lists an id twice`);
	return list.filter((id): id is string => typeof id === 'string');
}

function transcript(obj: Record<string, unknown>, path: string, problems: Problems): void {
	const list = obj.transcript;
	if (!Array.isArray(list) || list.length === 0) {
		problems.push(
			`${path}.transcript: ${list === undefined ? 'missing' : 'must be a non-empty list'}`
		);
		return;
	}
	list.forEach((line: unknown, i) => {
		const at = `${path}.transcript[${i}]`;
		if (!isRecord(line)) problems.push(`${at}: must be an object`);
		else {
			text(line, 'speaker', at, problems);
			text(line, 'text', at, problems);
		}
	});
}

function pair(
	value: unknown,
	path: string,
	ports: string[] | null,
	modes: string[] | null,
	problems: Problems
) {
	if (!isRecord(value)) {
		problems.push(`${path}: must be an object with port and mode`);
		return null;
	}
	idRef(value.port, ports, `${path}.port`, 'port', problems);
	idRef(value.mode, modes, `${path}.mode`, 'mode', problems);
	return typeof value.port === 'string' && typeof value.mode === 'string'
		? { port: value.port, mode: value.mode }
		: null;
}

function validatePortMode(q: Record<string, unknown>, where: string, problems: Problems): void {
	// First pass: read the accepted pairs so the options know which of them are wrong.
	const accepted: PortMode[] = [];
	const best = pair(q.best, `${where}.best`, null, null, problems);
	if (best) accepted.push(best);
	if (!Array.isArray(q.alternatives)) {
		problems.push(
			`${where}.alternatives: ${q.alternatives === undefined ? 'missing' : 'must be a list'}`
		);
	} else {
		q.alternatives.forEach((alt: unknown, i) => {
			const p = pair(alt, `${where}.alternatives[${i}]`, null, null, []);
			if (p) accepted.push(p);
		});
	}
	const ports = options(q, 'ports', where, problems, {
		min: 2,
		isWrong: (id) => !accepted.some((p) => p.port === id)
	});
	const modes = options(q, 'modes', where, problems, {
		min: 2,
		isWrong: (id) => !accepted.some((p) => p.mode === id)
	});
	if (best) pair(q.best, `${where}.best`, ports, modes, problems);
	if (Array.isArray(q.alternatives)) {
		q.alternatives.forEach((alt: unknown, i) => {
			const p = pair(alt, `${where}.alternatives[${i}]`, ports, modes, problems);
			if (p && accepted.filter((a) => a.port === p.port && a.mode === p.mode).length > 1) {
				problems.push(`${where}.alternatives[${i}]: repeats an accepted answer`);
			}
		});
	}
	const listed: PortMode[] = [];
	if (!Array.isArray(q.mismatches)) {
		problems.push(
			`${where}.mismatches: ${q.mismatches === undefined ? 'missing' : 'must be a list'}`
		);
	} else {
		q.mismatches.forEach((m: unknown, i) => {
			const at = `${where}.mismatches[${i}]`;
			const p = pair(m, at, ports, modes, problems);
			if (!p || !isRecord(m)) return;
			if (accepted.some((a) => a.port === p.port && a.mode === p.mode)) {
				problems.push(`${at}: is an accepted answer`);
			}
			misconception(m.misconception, `${at}.misconception`, problems);
			listed.push(p);
		});
	}
	// Every wrong pair whose parts are each acceptable on their own still needs its misconception.
	const okPorts = [...new Set(accepted.map((a) => a.port))];
	const okModes = [...new Set(accepted.map((a) => a.mode))];
	for (const port of okPorts) {
		for (const mode of okModes) {
			const isAccepted = accepted.some((a) => a.port === port && a.mode === mode);
			const isListed = listed.some((m) => m.port === port && m.mode === mode);
			if (!isAccepted && !isListed) {
				problems.push(`${where}.mismatches: missing the pair port "${port}" with mode "${mode}"`);
			}
		}
	}
}

/**
 * Lists every problem of one question, each as `path: problem` where the path starts with `where`
 * (e.g. `q17.choices[2].misconception: missing`). An empty list means the question is valid.
 */
export function validateQuestion(q: unknown, where: string): string[] {
	const problems: Problems = [];
	if (!isRecord(q)) return [`${where}: must be an object`];
	for (const key of ['id', 'topic', 'prompt', 'explanation', 'citation']) {
		text(q, key, where, problems);
	}
	if (q.difficulty === undefined) problems.push(`${where}.difficulty: missing`);
	else if (q.difficulty !== 1 && q.difficulty !== 2 && q.difficulty !== 3) {
		problems.push(`${where}.difficulty: must be 1, 2 or 3`);
	}
	if (q.scenario !== undefined && !isText(q.scenario)) {
		problems.push(`${where}.scenario: must be a non-empty string when given`);
	}
	switch (q.kind) {
		case 'single':
		case 'predict-reply': {
			if (q.kind === 'predict-reply') transcript(q, where, problems);
			const correct = q.correct;
			const ids = options(q, 'choices', where, problems, {
				min: 2,
				isWrong: (id) => id !== correct
			});
			if (correct === undefined) problems.push(`${where}.correct: missing`);
			else idRef(correct, ids, `${where}.correct`, 'choice', problems);
			break;
		}
		case 'multiple': {
			const correct = Array.isArray(q.correct) ? q.correct : [];
			const ids = options(q, 'choices', where, problems, {
				min: 2,
				isWrong: (id) => !correct.includes(id)
			});
			idList(q, 'correct', ids, where, 'choice', problems);
			break;
		}
		case 'port-mode':
			validatePortMode(q, where, problems);
			break;
		case 'order': {
			const ids = options(q, 'steps', where, problems, { min: 2 });
			const order = idList(q, 'correct', ids, where, 'step', problems);
			if (ids && order.length > 0 && order.length !== ids.length) {
				problems.push(`${where}.correct: must list every step exactly once`);
			}
			if (Array.isArray(q.steps)) {
				q.steps.forEach((step: unknown, i) => {
					if (isRecord(step) && step.misconception !== undefined) {
						misconception(step.misconception, `${where}.steps[${i}].misconception`, problems);
					}
				});
			}
			break;
		}
		case 'spot-problem': {
			transcript(q, where, problems);
			const problemIds = Array.isArray(q.problems) ? q.problems : [];
			const ids: string[] = [];
			if (Array.isArray(q.transcript)) {
				q.transcript.forEach((line: unknown, i) => {
					const at = `${where}.transcript[${i}]`;
					if (!isRecord(line)) return;
					if (!isText(line.id)) problems.push(`${at}.id: missing`);
					else if (ids.includes(line.id)) problems.push(`${at}.id: duplicate "${line.id}"`);
					else ids.push(line.id);
					if (problemIds.includes(line.id)) {
						if (line.misconception !== undefined) {
							problems.push(`${at}.misconception: given on a problem line`);
						}
					} else if (line.misconception === undefined) {
						problems.push(`${at}.misconception: missing`);
					} else misconception(line.misconception, `${at}.misconception`, problems);
				});
			}
			idList(q, 'problems', ids, where, 'line', problems);
			break;
		}
		default:
			problems.push(
				`${where}.kind: ${q.kind === undefined ? 'missing' : `unknown "${String(q.kind)}"`} (one of ${QUESTION_KINDS.join(', ')})`
			);
	}
	return problems;
}

/**
 * Validates a whole bank: every question, plus ids unique across the bank. `where` names the list;
 * each question is reported as `where[i]` or, when it has an id, `where[i] (id)`.
 */
export function validateBank(bank: unknown, where: string): string[] {
	if (!Array.isArray(bank)) return [`${where}: must be a list of questions`];
	const problems: Problems = [];
	const seen = new Map<string, number>();
	bank.forEach((q: unknown, i) => {
		const id = isRecord(q) && typeof q.id === 'string' ? q.id : undefined;
		problems.push(...validateQuestion(q, `${where}[${i}]`));
		if (id === undefined) return;
		const first = seen.get(id);
		if (first !== undefined)
			problems.push(`${where}[${i}].id: "${id}" already used by ${where}[${first}]`);
		else seen.set(id, i);
	});
	return problems;
}
