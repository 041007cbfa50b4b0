import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solutionOf } from './answer';
import { order, sampleBank, syntheticBank } from './fixtures/sample-bank';
import { grade } from './grade';
import { buildQuiz, createRandom, practiceMissed, presentQuestion, shuffle } from './shuffle';
import type { Question } from './types';

const bank = syntheticBank(5, 6);
const seed = fc.string({ minLength: 1, maxLength: 20 });
const ids = (questions: Question[]) => questions.map((q) => q.id);
const choiceIds = (q: Question) => ('choices' in q ? q.choices.map((c) => c.id) : []);
/** Questions per topic (Object.groupBy needs Node 21). */
function countByTopic(questions: Question[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const q of questions) counts[q.topic] = (counts[q.topic] ?? 0) + 1;
	return counts;
}

describe('the seeded random source', () => {
	it('gives the same numbers for the same seed', () => {
		fc.assert(
			fc.property(seed, (s) => {
				const a = createRandom(s);
				const b = createRandom(s);
				expect([a(), a(), a()]).toEqual([b(), b(), b()]);
			})
		);
	});

	it('stays within [0, 1)', () => {
		const random = createRandom('bounds');
		for (let i = 0; i < 10_000; i++) {
			const x = random();
			expect(x >= 0 && x < 1).toBe(true);
		}
	});

	it('shuffles to a permutation of the same items', () => {
		fc.assert(
			fc.property(fc.array(fc.integer()), seed, (items, s) => {
				const out = shuffle(items, createRandom(s));
				expect([...out].sort()).toEqual([...items].sort());
			})
		);
	});
});

describe('an assessment', () => {
	it('is the same quiz for every student given the same seed', () => {
		fc.assert(
			fc.property(seed, (s) => {
				const a = buildQuiz({ bank, mode: 'assessment', seed: s });
				const b = buildQuiz({ bank: [...bank].reverse(), mode: 'assessment', seed: s });
				expect(b).toEqual(a);
			})
		);
	});

	it('comes in a different order for a different seed', () => {
		const orders = ['monday', 'tuesday', 'class-7b', 'class-7c'].map((s) =>
			ids(buildQuiz({ bank, mode: 'assessment', seed: s }).questions).join()
		);
		expect(new Set(orders).size).toBe(orders.length);
	});

	it('has 15 distinct questions spread evenly across the topics', () => {
		fc.assert(
			fc.property(seed, (s) => {
				const quiz = buildQuiz({ bank, mode: 'assessment', seed: s });
				expect(quiz.questions).toHaveLength(15);
				expect(new Set(ids(quiz.questions)).size).toBe(15);
				expect(Object.values(countByTopic(quiz.questions))).toEqual([3, 3, 3, 3, 3]);
			})
		);
	});

	it('takes more from the topics that have them when some topics run out', () => {
		const uneven = [
			...syntheticBank(2, 2),
			...syntheticBank(4, 10).filter((q) => q.topic >= 'topic-2')
		];
		const quiz = buildQuiz({ bank: uneven, mode: 'assessment', seed: 'x' });
		const counts = countByTopic(quiz.questions);
		expect(counts['topic-0']).toBe(2);
		expect(counts['topic-1']).toBe(2);
		expect(quiz.questions).toHaveLength(15);
	});

	it('shuffles the choices but grades the right choice as right and the others as wrong', () => {
		fc.assert(
			fc.property(seed, (s) => {
				for (const q of buildQuiz({ bank, mode: 'assessment', seed: s }).questions) {
					for (const id of choiceIds(q)) {
						const g = grade(q, { kind: 'single', choiceId: id });
						expect(g.correct).toBe(id === 'right');
					}
				}
			})
		);
	});

	it('does not always put the right choice in the same place', () => {
		const quiz = buildQuiz({ bank, mode: 'assessment', seed: 'positions' });
		const places = new Set(quiz.questions.map((q) => choiceIds(q).indexOf('right')));
		expect(places.size).toBeGreaterThan(1);
	});
});

describe('a quick check', () => {
	it('has 5 questions of the chosen topic', () => {
		fc.assert(
			fc.property(seed, fc.integer({ min: 0, max: 4 }), (s, t) => {
				const quiz = buildQuiz({ bank, mode: 'quick', topic: `topic-${t}`, seed: s });
				expect(quiz.questions).toHaveLength(5);
				expect(quiz.questions.every((q) => q.topic === `topic-${t}`)).toBe(true);
				expect(quiz.topic).toBe(`topic-${t}`);
			})
		);
	});

	it('refuses a topic with no questions', () => {
		expect(() => buildQuiz({ bank, mode: 'quick', topic: 'nope', seed: 's' })).toThrow(
			/No questions on topic "nope"/
		);
	});
});

describe('presenting a question', () => {
	it('keeps every kind gradable: the right answer is still right after shuffling', () => {
		fc.assert(
			fc.property(seed, (s) => {
				for (const q of sampleBank) {
					const shown = presentQuestion(q, s);
					expect(grade(shown, solutionOf(q)).correct).toBe(true);
					expect(grade(q, solutionOf(shown)).correct).toBe(true);
				}
			})
		);
	});

	it('never shows the steps of an order question already in order', () => {
		fc.assert(
			fc.property(seed, (s) => {
				const shown = presentQuestion(order, s);
				expect(shown.kind === 'order' && shown.steps.map((st) => st.id)).not.toEqual(order.correct);
			})
		);
	});

	it('does not change the bank', () => {
		const before = structuredClone(sampleBank);
		buildQuiz({ bank: sampleBank, mode: 'assessment', seed: 'x' });
		expect(sampleBank).toEqual(before);
	});
});

describe('practising the missed questions', () => {
	const quiz = buildQuiz({ bank, mode: 'assessment', seed: 'practice' });
	const records = quiz.questions.map((q, i) => ({ questionId: q.id, correct: i % 3 !== 0 }));

	it('asks only the questions that were missed, in the same order', () => {
		const practice = practiceMissed({ quiz, records });
		expect(practice?.mode).toBe('practice');
		expect(ids(practice?.questions ?? [])).toEqual(
			records.filter((r) => !r.correct).map((r) => r.questionId)
		);
	});

	it('is the same practice quiz when rebuilt from the bank', () => {
		const practice = practiceMissed({ quiz, records });
		const rebuilt = buildQuiz({
			bank,
			mode: 'practice',
			seed: practice?.seed ?? '',
			questionIds: ids(practice?.questions ?? [])
		});
		expect(rebuilt).toEqual(practice);
	});

	it('reshuffles when practising the missed questions of a practice quiz', () => {
		const first = practiceMissed({ quiz, records });
		const again =
			first &&
			practiceMissed({
				quiz: first,
				records: first.questions.map((q) => ({ questionId: q.id, correct: false }))
			});
		expect([first?.seed, again?.seed]).toEqual(['practice~practice', 'practice~practice2']);
	});

	it('has nothing to practise when nothing was missed', () => {
		expect(
			practiceMissed({ quiz, records: records.map((r) => ({ ...r, correct: true })) })
		).toBeNull();
	});
});
