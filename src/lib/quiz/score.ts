/**
 * Scoring a quiz: score, pass or fail, first-try count and mastery per topic.
 *
 * The rule: a question counts as correct when the learner got it right within the allowed tries
 * without showing the answer; getting it right on the first try is reported separately. The score is
 * the number of correct questions out of all questions in the quiz; the quiz is passed when
 * score / total reaches the pass mark (0.8 by default). Leaves the flow to `quiz.machine.ts`.
 */
import type { Answer } from './types';
import type { Quiz } from './shuffle';

export const DEFAULT_PASS_MARK = 0.8;
export const DEFAULT_MAX_TRIES = 2;

/** What happened to one question of a quiz. */
export interface QuestionRecord {
	questionId: string;
	topic: string;
	/** Every checked answer, in order; the last one is the final answer. */
	attempts: Answer[];
	/** Right within the allowed tries, without showing the answer. */
	correct: boolean;
	/** Right on the first try. */
	firstTryCorrect: boolean;
	/** The learner asked to see the answer. */
	revealed: boolean;
}

export interface TopicMastery {
	correct: number;
	total: number;
	/** correct / total, from 0 to 1. */
	ratio: number;
}

export interface QuizSummary {
	/** Questions correct (see the rule above). */
	score: number;
	total: number;
	/** score / total, from 0 to 1 (0 for an empty quiz). */
	ratio: number;
	passed: boolean;
	passMark: number;
	firstTryCorrect: number;
	revealed: number;
	/** Per topic, keys in alphabetical order. */
	mastery: Record<string, TopicMastery>;
	/** Ids of the questions not counted as correct, in quiz order. */
	missed: string[];
}

/** The last checked answer of a record, or null when it was never checked. */
export const finalAnswer = (record: QuestionRecord): Answer | null =>
	record.attempts.at(-1) ?? null;

/** Whether a score passes: compared in whole questions, so 12 of 15 passes a 0.8 mark exactly. */
export function isPass(score: number, total: number, passMark: number): boolean {
	return total > 0 && score >= Math.ceil(passMark * total - 1e-9);
}

export function summarize(source: {
	quiz: Quiz;
	records: readonly QuestionRecord[];
	passMark: number;
}): QuizSummary {
	const { records, passMark } = source;
	const total = source.quiz.questions.length;
	const score = records.filter((r) => r.correct).length;
	const mastery: Record<string, TopicMastery> = {};
	for (const topic of [...new Set(records.map((r) => r.topic))].sort()) {
		const inTopic = records.filter((r) => r.topic === topic);
		const correct = inTopic.filter((r) => r.correct).length;
		mastery[topic] = { correct, total: inTopic.length, ratio: correct / inTopic.length };
	}
	return {
		score,
		total,
		ratio: total === 0 ? 0 : score / total,
		passed: isPass(score, total, passMark),
		passMark,
		firstTryCorrect: records.filter((r) => r.firstTryCorrect).length,
		revealed: records.filter((r) => r.revealed).length,
		mastery,
		missed: records.filter((r) => !r.correct).map((r) => r.questionId)
	};
}
