/**
 * The quiz bank's integrity test: every question of content/quiz validates, every protocol-dependent
 * answer re-derives from the advisor or a scenario run (never hard-coded here), every reference
 * exists, every topic can fill a quick check, no text asserts a myth, and a broken bank is reported
 * with its file and field.
 */
import { describe, expect, it } from 'vitest';
import {
	ADVISOR_CASES,
	advise,
	findPreset,
	parseScenarioQuery,
	parseSituationQuery,
	runScenario
} from '$lib/protocol';
import {
	QUESTION_KINDS,
	QUICK_CHECK_COUNT,
	ASSESSMENT_COUNT,
	buildQuiz,
	grade,
	solutionOf,
	type Question
} from '$lib/quiz';
import {
	MYTHS,
	checkBank,
	findInOrder,
	loadQuizBank,
	mythsIn,
	nextReply,
	readBankFiles,
	scenarioQueryOf,
	situationOf,
	wireLines
} from './quiz-bank';

const files = readBankFiles();
const raw = files.flatMap((f) =>
	(f.data as Record<string, unknown>[]).map((q) => ({ file: f.path, q }))
);
const { questions, problems } = checkBank(files);
const bank = loadQuizBank(files);

describe('the quiz bank in content/quiz', () => {
	it('has no problems: every question validates and agrees with the protocol engine', () => {
		expect(problems).toEqual([]);
	});

	it('has at least 40 questions, in one file per topic', () => {
		expect(questions.length).toBeGreaterThanOrEqual(40);
		for (const { file, q } of raw) expect(file).toBe(`content/quiz/${String(q.topic)}.json`);
	});

	it('covers every topic the issue lists', () => {
		expect(bank.topics).toEqual(
			[
				'choosing-a-port',
				'eavesdropper',
				'phases',
				'ports',
				'starttls-vs-implicit',
				'stripping-and-defences',
				'troubleshooting'
			].sort()
		);
	});

	it('has enough questions on every topic for a five-question quick check', () => {
		for (const topic of bank.topics) {
			const quiz = buildQuiz({ bank: bank.questions, mode: 'quick', topic, seed: 'x' });
			expect(quiz.questions, topic).toHaveLength(QUICK_CHECK_COUNT);
		}
	});

	it('can fill a full assessment that spans every topic', () => {
		const quiz = buildQuiz({ bank: bank.questions, mode: 'assessment', seed: 'class-7b' });
		expect(quiz.questions).toHaveLength(ASSESSMENT_COUNT);
		expect(new Set(quiz.questions.map((q) => q.topic)).size).toBe(bank.topics.length);
	});

	it('uses all six question kinds and all three difficulties', () => {
		expect(new Set(questions.map((q) => q.kind))).toEqual(new Set(QUESTION_KINDS));
		expect(new Set(questions.map((q) => q.difficulty))).toEqual(new Set([1, 2, 3]));
	});

	it('cites an RFC (or the IANA registry) in every question', () => {
		for (const q of questions) expect(q.citation, q.id).toMatch(/RFC \d+|IANA/);
	});

	it('names a fact sheet §7 misconception, or its own, on every distractor', () => {
		const ids = questions.flatMap((q) => grade(q, wrongAnswerOf(q)).feedback.misconceptions);
		expect(ids.length).toBeGreaterThan(0);
		for (const m of ids) expect(m.id).toMatch(/^(m\d{1,2}-)?[a-z0-9-]+$/);
		const numbered = new Set(ids.map((m) => /^m(\d+)-/.exec(m.id)?.[1]).filter(Boolean));
		expect(numbered.size).toBeGreaterThanOrEqual(10);
	});

	it('grades every question’s own solution as right', () => {
		for (const q of questions) expect(grade(q, solutionOf(q)).correct, q.id).toBe(true);
	});
});

describe('answers that depend on the protocol', () => {
	const portModes = raw.filter(({ q }) => q.kind === 'port-mode');

	it('every port-mode answer is what the advisor recommends, with the advisor’s alternatives', () => {
		expect(portModes.length).toBeGreaterThanOrEqual(8);
		for (const { q } of portModes) {
			const ref = q.derivedFrom as { advisor?: string; situation?: string };
			const situation = ref.advisor
				? ADVISOR_CASES.find((c) => `row-${c.row}` === ref.advisor)?.situation
				: parseSituationQuery(ref.situation ?? '').situation;
			expect(situation, String(q.id)).toBeDefined();
			const advice = advise(situation!);
			const question = questions.find((x) => x.id === q.id)!;
			if (question.kind !== 'port-mode') throw new Error('not a port-mode question');
			expect(question.best, question.id).toEqual({ port: String(advice.port), mode: advice.mode });
			const expected = advice.alternatives
				.filter((a) => a.port !== null && a.mode !== null)
				.map((a) => `${a.port}/${a.mode}`)
				.sort();
			expect(question.alternatives.map((a) => `${a.port}/${a.mode}`).sort(), question.id).toEqual(
				expected
			);
			// The engine grades the advisor's recommendation as the best answer.
			const g = grade(question, {
				kind: 'port-mode',
				port: String(advice.port),
				mode: advice.mode
			});
			expect(g.correct).toBe(true);
		}
	});

	it('every advisor row a question names exists in ADVISOR_CASES', () => {
		for (const { q } of portModes)
			expect(situationOf(q.derivedFrom), String(q.id)).not.toBeTypeOf('string');
	});

	it('every transcript question’s scenario parses without problems and runs', () => {
		const scenarioQuestions = raw.filter(({ q }) =>
			['order', 'predict-reply', 'spot-problem'].includes(String(q.kind))
		);
		expect(scenarioQuestions.length).toBeGreaterThanOrEqual(8);
		for (const { q } of scenarioQuestions) {
			const ref = (q.derivedFrom as { scenario: string }).scenario;
			const query = findPreset(ref)?.query ?? ref;
			expect(parseScenarioQuery(query).problems, String(q.id)).toEqual([]);
			expect(runScenario(parseScenarioQuery(query).scenario).steps.length).toBeGreaterThan(0);
		}
	});

	it('every predicted reply is the reply the engine gives next', () => {
		for (const q of questions) {
			if (q.kind !== 'predict-reply') continue;
			const ref = (raw.find((r) => r.q.id === q.id)!.q.derivedFrom as { scenario: string })
				.scenario;
			const query = scenarioQueryOf(ref) as string;
			const result = runScenario(parseScenarioQuery(query).scenario);
			const lines = wireLines(result);
			const found = findInOrder(q.transcript, lines);
			if (!('positions' in found)) throw new Error(`${q.id}: transcript not in the run`);
			const reply = nextReply(result, lines, found.positions.at(-1)!);
			expect(q.choices.find((c) => c.id === q.correct)?.text, q.id).toBe(reply);
		}
	});

	it('every order question’s right order is the order the engine runs the steps in', () => {
		for (const { q } of raw.filter((r) => r.q.kind === 'order')) {
			const steps = q.steps as { id: string; wire: { speaker: string; text: string } }[];
			const correct = q.correct as string[];
			const result = runScenario(
				parseScenarioQuery(
					scenarioQueryOf((q.derivedFrom as { scenario: string }).scenario) as string
				).scenario
			);
			const wires = correct.map((id) => steps.find((s) => s.id === id)!.wire);
			expect('positions' in findInOrder(wires, wireLines(result)), String(q.id)).toBe(true);
		}
	});

	it('every simulator link opens a scenario without problems', () => {
		for (const q of questions) {
			if (q.scenario === undefined) continue;
			expect(parseScenarioQuery(q.scenario).problems, q.id).toEqual([]);
		}
		expect(questions.filter((q) => q.scenario !== undefined).length).toBeGreaterThanOrEqual(40);
	});
});

describe('myths', () => {
	const myth = (text: string) => MYTHS.filter((m) => m.pattern.test(text)).map((m) => m.id);

	it('the myth list recognises each article myth and leaves its correction alone', () => {
		expect(myth('Port 465 is deprecated.')).toContain('m1-465-deprecated');
		expect(myth('Port 465 is not deprecated.')).toEqual([]);
		expect(myth('STARTTLS is more secure than implicit TLS.')).toContain('m3-starttls-stronger');
		expect(myth('Servers relay mail to other domains on port 587.')).toContain('m5-relay-on-587');
		expect(myth('Port 2525 is an official SMTP port.')).toContain('m6-2525-official');
		expect(myth('IANA assigns 2525 to ms-v-worlds, not SMTP.')).toEqual([]);
	});

	it('no explanation, right answer, note or correction in the bank asserts a myth', () => {
		for (const q of questions) expect(mythsIn(q), q.id).toEqual([]);
	});
});

describe('a broken bank', () => {
	const good = files.find((f) => f.path.endsWith('ports.json'))!;
	const copy = () => structuredClone(good.data) as Record<string, unknown>[];

	it('names the file and the field of a missing misconception', () => {
		const data = copy();
		const q = data.find((x) => x.kind === 'single') as {
			id: string;
			choices: Record<string, unknown>[];
			correct: string;
		};
		const i = q.choices.findIndex((c) => c.id !== q.correct);
		delete q.choices[i].misconception;
		expect(checkBank([{ path: 'content/quiz/ports.json', data }]).problems).toContain(
			`content/quiz/ports.json: ${q.id}.choices[${i}].misconception: missing`
		);
	});

	it('names the file and the field when a port-mode answer disagrees with the advisor', () => {
		const data = copy();
		const q = data.find((x) => x.kind === 'port-mode') as Record<string, unknown>;
		q.derivedFrom = { advisor: 'row-14' };
		const { problems } = checkBank([{ path: 'content/quiz/ports.json', data }]);
		expect(
			problems.some((p) =>
				p.startsWith(`content/quiz/ports.json: ${String(q.id)}.best: the advisor`)
			)
		).toBe(true);
	});

	it('reports an unknown advisor row, an unknown scenario and a bad simulator link', () => {
		const data = copy();
		const a = data.find((x) => x.kind === 'port-mode')!;
		const b = data.find((x) => x.kind === 'single')!;
		a.derivedFrom = { advisor: 'row-99' };
		b.scenario = 'port=123';
		const { problems } = checkBank([{ path: 'content/quiz/ports.json', data }]);
		expect(problems.join('\n')).toMatch(
			/content\/quiz\/ports\.json: .*derivedFrom\.advisor: unknown row "row-99"/
		);
		expect(problems.join('\n')).toMatch(
			/content\/quiz\/ports\.json: .*\.scenario: port=123 is not valid/
		);
	});

	it('reports a predicted reply the engine does not give', () => {
		const file = files.find((f) => f.path.endsWith('troubleshooting.json'))!;
		const data = structuredClone(file.data) as Record<string, unknown>[];
		const q = data.find((x) => x.kind === 'predict-reply') as {
			id: string;
			choices: { id: string; text: string }[];
			correct: string;
		};
		q.choices.find((c) => c.id === q.correct)!.text = '250 2.0.0 Ok';
		const { problems } = checkBank([{ path: file.path, data }]);
		expect(problems.join('\n')).toContain(`${file.path}: ${q.id}.correct: the run of`);
	});

	it('reports a myth in an explanation and a topic that does not match its file', () => {
		const data = copy();
		data[0].explanation = 'Use 587: port 465 is deprecated.';
		data[1].topic = 'phases';
		const { problems } = checkBank([{ path: 'content/quiz/ports.json', data }]);
		expect(problems).toContain(
			`content/quiz/ports.json: ${String(data[0].id)}.explanation: asserts the myth m1-465-deprecated`
		);
		expect(problems.join('\n')).toContain(`content/quiz/ports.json: ${String(data[1].id)}.topic:`);
	});

	it('makes the loader throw with every problem, one per line', () => {
		const data = copy();
		(data[0] as { choices?: unknown }).choices = undefined;
		expect(() => loadQuizBank([{ path: 'content/quiz/ports.json', data }])).toThrow(
			/content\/quiz\/ports\.json: [a-z0-9-]+\.choices: missing/
		);
	});
});

/** Some wrong answer to a question, to collect the misconceptions its distractors carry. */
function wrongAnswerOf(q: Question) {
	switch (q.kind) {
		case 'single':
		case 'predict-reply':
			return { kind: q.kind, choiceId: q.choices.find((c) => c.id !== q.correct)!.id };
		case 'multiple':
			return { kind: 'multiple' as const, choiceIds: q.choices.map((c) => c.id) };
		case 'port-mode': {
			const port = q.ports.find((p) => p.misconception) ?? q.ports[0];
			const mode = q.modes.find((m) => m.misconception) ?? q.modes[0];
			return { kind: 'port-mode' as const, port: port.id, mode: mode.id };
		}
		case 'order':
			return { kind: 'order' as const, stepIds: [...q.correct].reverse() };
		case 'spot-problem':
			return { kind: 'spot-problem' as const, lineIds: q.transcript.map((l) => l.id) };
	}
}
