/**
 * The quiz bank loader: reads every `content/quiz/*.json` file at build time, validates each
 * question with the quiz engine's rules and checks it against the protocol engine, and fails the
 * build with the file path and field of every problem (e.g.
 * `content/quiz/ports.json: ports-465-today.choices[2].misconception: missing`).
 *
 * Protocol checks: a question's `scenario` (the simulator query behind "Open this in the
 * simulator") must parse without problems and run; `derivedFrom` names where a protocol-dependent
 * answer comes from — `{ advisor: 'row-N' }` (a fact sheet §8 row in `ADVISOR_CASES`) or
 * `{ situation: '<advisor query>' }` for port-mode questions, whose best answer and alternatives
 * must equal `advise()`; `{ scenario: '<preset id or scenario query>' }` for order, predict-reply
 * and spot-problem questions, whose shown lines, expected reply and step order must appear in the
 * `runScenario()` transcript. No text may assert one of the article myths (`MYTHS`).
 *
 * `checkBank(files)` is pure and returns the problems, so tests can feed it broken banks.
 * Leaves grading to `$lib/quiz` and the wire itself to `$lib/protocol`. Imports no Svelte or UI.
 */
import {
	ADVISOR_CASES,
	advise,
	findPreset,
	parseScenarioQuery,
	parseSituationQuery,
	runScenario,
	type RunResult,
	type Situation
} from '$lib/protocol';
import { topicsOf, validateQuestion, type Question, type TranscriptLine } from '$lib/quiz';

/** Where a protocol-dependent answer comes from. */
export type QuizReference = { advisor: string } | { situation: string } | { scenario: string };

/** One bank file as read from disk: its path (e.g. `content/quiz/ports.json`) and parsed JSON. */
export interface BankFile {
	path: string;
	data: unknown;
}

export interface CheckedBank {
	/** Every valid question, with `scenario` filled in from `derivedFrom` where it was left out. */
	questions: Question[];
	/** Every problem, each as `<path>: <question id>.<field>: <problem>`. */
	problems: string[];
}

/**
 * Phrases that assert one of the article myths (fact sheet §6–§7). Distractors may state them;
 * prompts, right answers, explanations, notes and misconception corrections must not.
 */
export const MYTHS: readonly { id: string; pattern: RegExp }[] = [
	{
		id: 'm1-465-deprecated',
		pattern: /\b465\b[^.]{0,40}\b(is|was|has been) (now )?(deprecated|obsolete)/i
	},
	{ id: 'm1-465-deprecated', pattern: /deprecated port 465/i },
	{
		id: 'm3-starttls-stronger',
		pattern: /STARTTLS (is|offers|gives) (a )?(more secure|stronger|safer|more robust)/i
	},
	{ id: 'm3-starttls-stronger', pattern: /implicit TLS is (less secure|weaker)/i },
	{
		id: 'm5-relay-on-587',
		pattern:
			/relay(s|ed|ing)? (mail )?(between|to)[^.;]{0,40}\b(on|over|via|uses?) (port )?(587|465|2525)\b/i
	},
	{ id: 'm5-relay-on-587', pattern: /\bMX\b[^.;]{0,30}\b(on|over|via) (port )?(587|465|2525)\b/i },
	{
		id: 'm6-2525-official',
		pattern: /2525 is (an |the )?(official|IANA[- ]registered|registered|standard)/i
	}
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every text a question asserts: the explanation, right answers, notes and corrections. */
export function teachingTexts(q: Question): { field: string; text: string }[] {
	// Prompts may quote a myth to question it; only what the bank asserts is checked.
	const out = [{ field: 'explanation', text: q.explanation }];
	const withMisconceptions = (
		list: { text: string; misconception?: { text: string } }[],
		key: string,
		right: (i: number) => boolean
	) =>
		list.forEach((item, i) => {
			if (right(i)) out.push({ field: `${key}[${i}].text`, text: item.text });
			if (item.misconception)
				out.push({ field: `${key}[${i}].misconception.text`, text: item.misconception.text });
		});
	switch (q.kind) {
		case 'single':
		case 'predict-reply':
			withMisconceptions(q.choices, 'choices', (i) => q.choices[i].id === q.correct);
			break;
		case 'multiple':
			withMisconceptions(q.choices, 'choices', (i) => q.correct.includes(q.choices[i].id));
			break;
		case 'port-mode':
			withMisconceptions(q.ports, 'ports', () => false);
			withMisconceptions(q.modes, 'modes', () => false);
			q.alternatives.forEach((a, i) => {
				if (a.note) out.push({ field: `alternatives[${i}].note`, text: a.note });
			});
			q.mismatches.forEach((mm, i) =>
				out.push({ field: `mismatches[${i}].misconception.text`, text: mm.misconception.text })
			);
			break;
		case 'order':
			withMisconceptions(q.steps, 'steps', () => true);
			break;
		case 'spot-problem':
			q.transcript.forEach((line, i) => {
				if (line.misconception)
					out.push({ field: `transcript[${i}].misconception.text`, text: line.misconception.text });
			});
			break;
	}
	return out;
}

/** The myths a question's own texts assert, as `field: myth id`. Empty when it teaches none. */
export function mythsIn(q: Question): string[] {
	const found: string[] = [];
	for (const { field, text } of teachingTexts(q)) {
		for (const myth of MYTHS)
			if (myth.pattern.test(text)) found.push(`${field}: asserts the myth ${myth.id}`);
	}
	return found;
}

/* ---------- transcripts ---------- */

/** One line of a run as the bank writes it: speaker C, S or A for SMTP lines, else the layer. */
export interface WireLine extends TranscriptLine {
	/** Index of the step it belongs to. */
	step: number;
}

const SMTP_SPEAKERS = ['C', 'S', 'A'];

/** The lines of a run: `C`/`S`/`A` for commands, replies and message lines; `TCP`, `TLS`, ... otherwise. */
export function wireLines(result: RunResult): WireLine[] {
	const lines: WireLine[] = [];
	for (const step of result.steps) {
		const smtp = step.kind === 'command' || step.kind === 'reply' || step.kind === 'message';
		const speaker = !smtp
			? step.kind === 'note' || step.kind === 'policy'
				? '#'
				: step.layer
			: step.from === 'attacker'
				? 'A'
				: step.from === 'client' || step.from === 'sending-mta'
					? 'C'
					: 'S';
		for (const text of step.text.split('\n')) lines.push({ speaker, text, step: step.index });
	}
	return lines;
}

/** SMTP lines match exactly; TCP, TLS, DNS and LOCAL lines match by their beginning. */
export const lineMatches = (shown: TranscriptLine, line: TranscriptLine) =>
	shown.speaker === line.speaker &&
	(SMTP_SPEAKERS.includes(shown.speaker)
		? line.text === shown.text
		: line.text.startsWith(shown.text));

/**
 * Finds `shown` in order (not necessarily adjacent) among `lines`. Returns the position of each
 * match, or the index of the first shown line that could not be found.
 */
export function findInOrder(
	shown: readonly TranscriptLine[],
	lines: readonly WireLine[]
): { positions: number[] } | { missing: number } {
	const positions: number[] = [];
	let from = 0;
	for (let i = 0; i < shown.length; i++) {
		const at = lines.findIndex((line, j) => j >= from && lineMatches(shown[i], line));
		if (at < 0) return { missing: i };
		positions.push(at);
		from = at + 1;
	}
	return { positions };
}

/** The full text of the first reply after line `at` that belongs to a later step. */
export function nextReply(
	result: RunResult,
	lines: readonly WireLine[],
	at: number
): string | null {
	const after = lines[at]?.step ?? -1;
	const step = result.steps.find((s) => s.index > after && s.kind === 'reply');
	return step ? step.text : null;
}

const showLine = (l: TranscriptLine) => `${l.speaker}: ${l.text}`;

/* ---------- references ---------- */

/** The advisor's accepted answers as `port/mode` keys: the recommendation first. */
export function advisorAnswers(situation: Situation): string[] {
	const advice = advise(situation);
	return [
		`${advice.port}/${advice.mode}`,
		...advice.alternatives
			.filter((a) => a.port !== null && a.mode !== null)
			.map((a) => `${a.port}/${a.mode}`)
	];
}

/** The situation a port-mode reference names, or a problem. */
export function situationOf(ref: unknown): { situation: Situation; label: string } | string {
	if (!isRecord(ref))
		return 'must be { advisor: "row-N" }, { situation: "<query>" } or { scenario: "<preset or query>" }';
	if (typeof ref.advisor === 'string') {
		const row = /^row-(\d+)$/.exec(ref.advisor);
		const found = row ? ADVISOR_CASES.find((c) => c.row === Number(row[1])) : undefined;
		if (!found)
			return `advisor: unknown row "${ref.advisor}" (rows are row-1 … row-${ADVISOR_CASES.length})`;
		return { situation: found.situation, label: `fact sheet §8 row ${found.row}` };
	}
	if (typeof ref.situation === 'string') {
		const { situation, problems } = parseSituationQuery(ref.situation);
		if (problems.length > 0) return `situation: ${problems.map((p) => p.message).join(' ')}`;
		return { situation, label: `the situation "${ref.situation}"` };
	}
	return 'a port-mode question needs { advisor: "row-N" } or { situation: "<query>" }';
}

/** The query a scenario reference names (a preset id or a scenario query), or a problem. */
export function scenarioQueryOf(ref: string): string | { problem: string } {
	const preset = findPreset(ref);
	const query = preset ? preset.query : ref;
	const { scenario, problems } = parseScenarioQuery(query);
	if (problems.length > 0) {
		return {
			problem: `"${ref}" is neither a preset id nor a valid scenario query: ${problems.map((p) => p.message).join(' ')}`
		};
	}
	// The simulator needs a non-empty query to open; the phase alone opens the defaults.
	return query === '' ? `phase=${scenario.phase}` : query;
}

function run(query: string): RunResult | string {
	try {
		return runScenario(parseScenarioQuery(query).scenario);
	} catch (error) {
		return `the scenario "${query}" does not run: ${String(error)}`;
	}
}

const NEEDS_SCENARIO = ['order', 'predict-reply', 'spot-problem'];

/** Protocol checks of one valid question; `raw` is its JSON (for `derivedFrom` and step `wire`s). */
function checkAgainstProtocol(
	q: Question,
	raw: Record<string, unknown>,
	where: string,
	problems: string[]
): Question {
	const out: Question = structuredClone(q);
	delete (out as Question & { derivedFrom?: unknown }).derivedFrom;
	if (q.scenario !== undefined) {
		const parsed = parseScenarioQuery(q.scenario);
		if (parsed.problems.length > 0) {
			problems.push(`${where}.scenario: ${parsed.problems.map((p) => p.message).join(' ')}`);
		} else {
			const result = run(q.scenario);
			if (typeof result === 'string') problems.push(`${where}.scenario: ${result}`);
		}
	}
	const ref = raw.derivedFrom;
	if (ref === undefined) {
		if (q.kind === 'port-mode')
			problems.push(
				`${where}.derivedFrom: missing (a port-mode answer must come from the advisor)`
			);
		if (NEEDS_SCENARIO.includes(q.kind))
			problems.push(
				`${where}.derivedFrom: missing (a ${q.kind} question must name the scenario its transcript comes from)`
			);
		return out;
	}
	if (q.kind === 'port-mode') {
		const found = situationOf(ref);
		if (typeof found === 'string') {
			problems.push(`${where}.derivedFrom.${found}`);
			return out;
		}
		const [best, ...alternatives] = advisorAnswers(found.situation);
		const given = `${q.best.port}/${q.best.mode}`;
		if (given !== best)
			problems.push(`${where}.best: the advisor (${found.label}) recommends ${best}, not ${given}`);
		const listed = q.alternatives.map((a) => `${a.port}/${a.mode}`);
		for (const alt of alternatives) {
			if (!listed.includes(alt))
				problems.push(`${where}.alternatives: the advisor (${found.label}) also accepts ${alt}`);
		}
		listed.forEach((alt, i) => {
			if (!alternatives.includes(alt))
				problems.push(
					`${where}.alternatives[${i}]: the advisor (${found.label}) does not accept ${alt}`
				);
		});
		return out;
	}
	if (!isRecord(ref) || typeof ref.scenario !== 'string') {
		problems.push(
			`${where}.derivedFrom: a ${q.kind} question needs { scenario: "<preset id or query>" }`
		);
		return out;
	}
	const query = scenarioQueryOf(ref.scenario);
	if (typeof query !== 'string') {
		problems.push(`${where}.derivedFrom.scenario: ${query.problem}`);
		return out;
	}
	if (out.scenario === undefined) out.scenario = query;
	const result = run(query);
	if (typeof result === 'string') {
		problems.push(`${where}.derivedFrom.scenario: ${result}`);
		return out;
	}
	const lines = wireLines(result);
	const label = `the run of "${ref.scenario}"`;
	if (q.kind === 'predict-reply' || q.kind === 'spot-problem') {
		const found = findInOrder(q.transcript, lines);
		if ('missing' in found) {
			problems.push(
				`${where}.transcript[${found.missing}]: "${showLine(q.transcript[found.missing])}" is not in ${label} (in this order)`
			);
			return out;
		}
		if (q.kind === 'predict-reply') {
			const expected = nextReply(result, lines, found.positions.at(-1) ?? -1);
			const right = q.choices.find((c) => c.id === q.correct);
			if (expected === null)
				problems.push(`${where}.correct: ${label} has no reply after the transcript`);
			else if (right && right.text !== expected) {
				problems.push(`${where}.correct: ${label} replies "${expected}", not "${right.text}"`);
			}
			q.choices.forEach((c, i) => {
				if (c.id !== q.correct && c.text === expected)
					problems.push(`${where}.choices[${i}]: a distractor is the reply ${label} gives`);
			});
		}
	} else if (q.kind === 'order') {
		const steps = Array.isArray(raw.steps) ? raw.steps : [];
		const wires: TranscriptLine[] = [];
		for (const id of q.correct) {
			const i = steps.findIndex((s) => isRecord(s) && s.id === id);
			const wire = isRecord(steps[i]) ? steps[i].wire : undefined;
			if (!isRecord(wire) || typeof wire.speaker !== 'string' || typeof wire.text !== 'string') {
				problems.push(
					`${where}.steps[${i}].wire: missing (the line of the transcript this step stands for)`
				);
				return out;
			}
			wires.push({ speaker: wire.speaker, text: wire.text });
		}
		const found = findInOrder(wires, lines);
		if ('missing' in found) {
			const id = q.correct[found.missing];
			const i = steps.findIndex((s) => isRecord(s) && s.id === id);
			problems.push(
				`${where}.steps[${i}].wire: "${showLine(wires[found.missing])}" is not in ${label} after the steps before it in correct`
			);
		}
	}
	return out;
}

/**
 * Checks every file: each question valid (the engine's `validateQuestion`), ids unique across the
 * bank, the topic equal to the file name, protocol references exist and agree, no myth asserted.
 */
export function checkBank(files: readonly BankFile[]): CheckedBank {
	const problems: string[] = [];
	const questions: Question[] = [];
	const seen = new Map<string, string>();
	for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
		const topic = /([^/]+)\.json$/.exec(file.path)?.[1] ?? file.path;
		if (!Array.isArray(file.data)) {
			problems.push(`${file.path}: must be a list of questions`);
			continue;
		}
		if (file.data.length === 0) problems.push(`${file.path}: has no questions`);
		file.data.forEach((raw: unknown, i) => {
			const id =
				isRecord(raw) && typeof raw.id === 'string' && raw.id.trim() !== '' ? raw.id : `[${i}]`;
			const where = `${file.path}: ${id}`;
			const own = validateQuestion(raw, where);
			if (isRecord(raw) && typeof raw.id === 'string') {
				const first = seen.get(raw.id);
				if (first !== undefined) own.push(`${where}.id: "${raw.id}" is already used in ${first}`);
				else seen.set(raw.id, file.path);
			}
			if (isRecord(raw) && typeof raw.topic === 'string' && raw.topic !== topic) {
				own.push(
					`${where}.topic: "${raw.topic}" does not match the file name (expected "${topic}")`
				);
			}
			problems.push(...own);
			if (own.length > 0 || !isRecord(raw)) return;
			const q = raw as unknown as Question;
			for (const myth of mythsIn(q)) problems.push(`${where}.${myth}`);
			questions.push(checkAgainstProtocol(q, raw, where, problems));
		});
	}
	return { questions, problems };
}

/** The bank files as SvelteKit's bundler reads them, with repository-relative paths. */
export function readBankFiles(): BankFile[] {
	const modules = import.meta.glob('/content/quiz/*.json', { eager: true, import: 'default' });
	return Object.entries(modules).map(([path, data]) => ({ path: path.replace(/^\//, ''), data }));
}

/** A bank that passed every check, with its topics. */
export interface QuizBank {
	questions: Question[];
	topics: string[];
}

/** Loads and checks the whole bank; throws with every problem, one per line, at build time. */
export function loadQuizBank(files: readonly BankFile[] = readBankFiles()): QuizBank {
	const { questions, problems } = checkBank(files);
	if (files.length === 0) problems.push('content/quiz: no question files found');
	if (problems.length > 0) {
		throw new Error(`The quiz bank has ${problems.length} problem(s):\n${problems.join('\n')}`);
	}
	return { questions, topics: topicsOf(questions) };
}
