/**
 * Pure grading: one function per question kind, and `grade` to dispatch on the kind.
 *
 * Responsible for deciding whether an answer is right, the partial detail a learner sees (which
 * choices were missed, which positions are right, which part of a port-mode answer is right, and
 * whether it was the best answer or an acceptable alternative), and the misconceptions behind every
 * wrong part. Grades by ids, never by positions, so shuffled questions grade the same. Leaves
 * scoring over a whole quiz to `quiz.machine.ts` and what is right to the question data.
 */
import { answerFits } from './answer';
import type {
	Answer,
	AnswerFor,
	Misconception,
	MultipleQuestion,
	OrderQuestion,
	PortModeQuestion,
	PredictReplyQuestion,
	Question,
	SingleQuestion,
	SpotProblemQuestion
} from './types';

/** How a set answer (multiple select, spot the problem) compares with the right set. */
export interface SetDetail {
	/** Chosen and right. */
	chosenRight: string[];
	/** Chosen but wrong. */
	chosenWrong: string[];
	/** Right but not chosen. */
	missed: string[];
	/** |chosen ∩ right| / |chosen ∪ right|: 1 only for the exact set, 0 with nothing right. */
	fraction: number;
}

export type PartialDetail =
	| ({ kind: 'multiple' } & SetDetail)
	| ({ kind: 'spot-problem' } & SetDetail)
	| {
			kind: 'port-mode';
			/** The port is one of the accepted answers' ports. */
			port: boolean;
			/** The mode goes with the chosen port (or, with a wrong port, with some accepted port). */
			mode: boolean;
			/** Whether the pair is the best answer, an acceptable alternative, or neither. */
			match: 'best' | 'alternative' | 'none';
			/** The alternative's note, e.g. why it is second best. */
			note?: string;
	  }
	| {
			kind: 'order';
			/** One entry per position: is the step there the right one? */
			positions: boolean[];
			rightCount: number;
			fraction: number;
	  };

export interface Feedback {
	/** The misconceptions behind every wrong part of the answer, each once. Empty when right. */
	misconceptions: Misconception[];
	explanation: string;
	citation: string;
	scenario?: string;
}

export interface Grade {
	correct: boolean;
	partial?: PartialDetail;
	feedback: Feedback;
}

function feedback(question: Question, found: (Misconception | undefined)[]): Feedback {
	const misconceptions: Misconception[] = [];
	for (const m of found) {
		if (m && !misconceptions.some((known) => known.id === m.id)) {
			misconceptions.push({ id: m.id, text: m.text });
		}
	}
	const result: Feedback = {
		misconceptions,
		explanation: question.explanation,
		citation: question.citation
	};
	if (question.scenario !== undefined) result.scenario = question.scenario;
	return result;
}

function compareSets(chosen: string[], right: string[]): SetDetail {
	const chosenRight = chosen.filter((id) => right.includes(id));
	const chosenWrong = chosen.filter((id) => !right.includes(id));
	const missed = right.filter((id) => !chosen.includes(id));
	const union = chosenRight.length + chosenWrong.length + missed.length;
	return {
		chosenRight,
		chosenWrong,
		missed,
		fraction: union === 0 ? 0 : chosenRight.length / union
	};
}

/** An answer of the wrong kind or with unknown ids is simply wrong, with nothing to explain. */
const unfit = (question: Question): Grade => ({ correct: false, feedback: feedback(question, []) });

export function gradeSingle(
	question: SingleQuestion | PredictReplyQuestion,
	answer: AnswerFor<'single'> | AnswerFor<'predict-reply'>
): Grade {
	if (!answerFits(question, answer)) return unfit(question);
	const correct = answer.choiceId === question.correct;
	const chosen = question.choices.find((c) => c.id === answer.choiceId);
	return { correct, feedback: feedback(question, correct ? [] : [chosen?.misconception]) };
}

export function gradeMultiple(question: MultipleQuestion, answer: AnswerFor<'multiple'>): Grade {
	if (!answerFits(question, answer)) return unfit(question);
	const detail = compareSets(answer.choiceIds, question.correct);
	const correct = detail.chosenWrong.length === 0 && detail.missed.length === 0;
	const wrong = question.choices.filter((c) => detail.chosenWrong.includes(c.id));
	return {
		correct,
		partial: { kind: 'multiple', ...detail },
		feedback: feedback(
			question,
			wrong.map((c) => c.misconception)
		)
	};
}

export function gradePortMode(question: PortModeQuestion, answer: AnswerFor<'port-mode'>): Grade {
	if (!answerFits(question, answer)) return unfit(question);
	const { port, mode } = answer;
	const accepted = [question.best, ...question.alternatives];
	const isBest = question.best.port === port && question.best.mode === mode;
	const alternative = question.alternatives.find((a) => a.port === port && a.mode === mode);
	const portRight = accepted.some((a) => a.port === port);
	// The port is the main decision: a mode is judged against the chosen port when that is right.
	const modeRight = accepted.some((a) => a.mode === mode && (!portRight || a.port === port));
	const partial: PartialDetail = {
		kind: 'port-mode',
		port: portRight,
		mode: modeRight,
		match: isBest ? 'best' : alternative ? 'alternative' : 'none'
	};
	if (alternative?.note !== undefined) partial.note = alternative.note;
	const correct = isBest || alternative !== undefined;
	const found = correct
		? []
		: [
				question.ports.find((p) => p.id === port)?.misconception,
				question.modes.find((m) => m.id === mode)?.misconception,
				question.mismatches.find((m) => m.port === port && m.mode === mode)?.misconception
			];
	return { correct, partial, feedback: feedback(question, found) };
}

export function gradeOrder(question: OrderQuestion, answer: AnswerFor<'order'>): Grade {
	if (!answerFits(question, answer)) return unfit(question);
	const positions = question.correct.map((id, i) => answer.stepIds[i] === id);
	const rightCount = positions.filter(Boolean).length;
	const misplaced = question.steps.filter((s) => !positions[question.correct.indexOf(s.id)]);
	return {
		correct: rightCount === positions.length,
		partial: { kind: 'order', positions, rightCount, fraction: rightCount / positions.length },
		feedback: feedback(
			question,
			misplaced.map((s) => s.misconception)
		)
	};
}

export function gradeSpotProblem(
	question: SpotProblemQuestion,
	answer: AnswerFor<'spot-problem'>
): Grade {
	if (!answerFits(question, answer)) return unfit(question);
	const detail = compareSets(answer.lineIds, question.problems);
	const wrong = question.transcript.filter((l) => detail.chosenWrong.includes(l.id));
	return {
		correct: detail.chosenWrong.length === 0 && detail.missed.length === 0,
		partial: { kind: 'spot-problem', ...detail },
		feedback: feedback(
			question,
			wrong.map((l) => l.misconception)
		)
	};
}

/** Grades any answer against any question; an answer of another kind is wrong. */
export function grade(question: Question, answer: Answer): Grade {
	if (question.kind !== answer.kind) return unfit(question);
	switch (question.kind) {
		case 'single':
		case 'predict-reply':
			return gradeSingle(question, answer as AnswerFor<'single' | 'predict-reply'>);
		case 'multiple':
			return gradeMultiple(question, answer as AnswerFor<'multiple'>);
		case 'port-mode':
			return gradePortMode(question, answer as AnswerFor<'port-mode'>);
		case 'order':
			return gradeOrder(question, answer as AnswerFor<'order'>);
		case 'spot-problem':
			return gradeSpotProblem(question, answer as AnswerFor<'spot-problem'>);
	}
}
