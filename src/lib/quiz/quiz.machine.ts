/**
 * The quiz flow: answering → checked (correct | incorrect) → try again or show answer → next → ...
 * → results, like the check / try again / show answer / next cycle of PhET's games.
 *
 * Responsible for the order of the learner's steps and what is recorded at each: every checked
 * answer, first-try correctness, whether the answer was shown, and the summary at the end. Untimed
 * and event-driven (no `after`, no `invoke`), so `xstate/graph` can walk it. Grading is delegated to
 * `grade.ts`, scoring to `score.ts`; what is asked comes from a `Quiz` built by `shuffle.ts`.
 * Emits the `QuizReportEvent`s of `report.ts`. A saved quiz resumes through `input.resume`
 * (see `persist.ts`), which starts the machine in the saved stage without reporting a new start.
 */
import { and, assign, emit, setup } from 'xstate';
import { answerFits, emptyAnswer, isAnswerComplete } from './answer';
import { grade, type Grade } from './grade';
import type { QuizReportEvent } from './report';
import {
	DEFAULT_MAX_TRIES,
	DEFAULT_PASS_MARK,
	summarize,
	type QuestionRecord,
	type QuizSummary
} from './score';
import type { Quiz } from './shuffle';
import type { Answer, Question } from './types';

export type QuizStage = 'answering' | 'correct' | 'incorrect' | 'revealed' | 'results';

/** Where to resume a saved quiz; `persist.ts` builds and checks it. */
export interface QuizResume {
	index: number;
	stage: QuizStage;
	draft: Answer;
	records: QuestionRecord[];
}

export interface QuizInput {
	quiz: Quiz;
	/** Checks allowed per question before only "show answer" is left; default 2. */
	maxTries?: number;
	/** Fraction of questions needed to pass, in (0, 1]; default 0.8. */
	passMark?: number;
	resume?: QuizResume;
}

export interface QuizContext {
	quiz: Quiz;
	maxTries: number;
	passMark: number;
	/** The question on screen (the last one once at results). */
	index: number;
	/** The answer being edited, not yet checked. */
	draft: Answer;
	/** One per question, in quiz order. */
	records: QuestionRecord[];
	/** The grade of the last check of the current question, for feedback; null while answering. */
	lastGrade: Grade | null;
	/** Where this actor began: 'fresh' for a new quiz, otherwise the stage it resumed in. */
	began: 'fresh' | QuizStage;
}

export type QuizEvent =
	| { type: 'answer.changed'; answer: Answer }
	| { type: 'answer.check' }
	| { type: 'answer.retry' }
	| { type: 'answer.reveal' }
	| { type: 'question.next' };

export type QuizTag = 'answering' | 'checked' | 'correct' | 'incorrect' | 'revealed' | 'results';

/** The question on screen. */
export const currentQuestion = (context: QuizContext): Question =>
	context.quiz.questions[context.index];

/** The record of the question on screen. */
export const currentRecord = (context: QuizContext): QuestionRecord =>
	context.records[context.index];

const blankRecord = (q: Question): QuestionRecord => ({
	questionId: q.id,
	topic: q.topic,
	attempts: [],
	correct: false,
	firstTryCorrect: false,
	revealed: false
});

const sameAnswer = (a: Answer, b: Answer | undefined) => JSON.stringify(a) === JSON.stringify(b);

const updateRecord = (context: QuizContext, change: Partial<QuestionRecord>): QuestionRecord[] =>
	context.records.map((r, i) => (i === context.index ? { ...r, ...change } : r));

export const quizMachine = setup({
	types: {
		context: {} as QuizContext,
		events: {} as QuizEvent,
		input: {} as QuizInput,
		emitted: {} as QuizReportEvent,
		output: {} as QuizSummary,
		tags: {} as QuizTag
	},
	guards: {
		isFresh: ({ context }) => context.began === 'fresh' && context.quiz.questions.length > 0,
		beganAt: ({ context }, params: { stage: QuizStage }) => context.began === params.stage,
		answerFits: ({ context, event }) =>
			event.type === 'answer.changed' && answerFits(currentQuestion(context), event.answer),
		/** Something to check, and not the very answer that was just marked wrong. */
		canCheck: ({ context }) =>
			isAnswerComplete(currentQuestion(context), context.draft) &&
			!sameAnswer(context.draft, currentRecord(context).attempts.at(-1)),
		draftIsRight: ({ context }) => grade(currentQuestion(context), context.draft).correct,
		hasTriesLeft: ({ context }) => currentRecord(context).attempts.length < context.maxTries,
		isLastQuestion: ({ context }) => context.index >= context.quiz.questions.length - 1
	},
	actions: {
		setDraft: assign({
			draft: ({ context, event }) =>
				event.type === 'answer.changed' ? event.answer : context.draft
		}),
		recordAttempt: assign(({ context }) => {
			const result = grade(currentQuestion(context), context.draft);
			const attempts = [...currentRecord(context).attempts, context.draft];
			return {
				lastGrade: result,
				records: updateRecord(context, {
					attempts,
					correct: result.correct,
					firstTryCorrect: result.correct && attempts.length === 1
				})
			};
		}),
		clearFeedback: assign({ lastGrade: null }),
		markRevealed: assign(({ context }) => ({
			records: updateRecord(context, { revealed: true })
		})),
		advance: assign(({ context }) => {
			const index = context.index + 1;
			return { index, draft: emptyAnswer(context.quiz.questions[index]), lastGrade: null };
		}),
		reportStarted: emit(({ context }) => ({
			type: 'quiz.started' as const,
			quizId: context.quiz.id,
			mode: context.quiz.mode,
			total: context.quiz.questions.length
		})),
		reportAnswered: emit(({ context }) => {
			const record = currentRecord(context);
			return {
				type: 'question.answered' as const,
				questionId: record.questionId,
				correct: record.correct,
				attempt: record.attempts.length,
				topic: record.topic
			};
		}),
		reportCompleted: emit(({ context }) => {
			const { score, total, ratio, passed, mastery } = summarize(context);
			return { type: 'quiz.completed' as const, score, total, ratio, passed, mastery };
		})
	}
}).createMachine({
	id: 'quiz',
	context: ({ input }) => {
		const questions = input.quiz.questions;
		const resume = input.resume;
		const index = resume?.index ?? 0;
		const records = resume?.records ?? questions.map(blankRecord);
		const last = records[index]?.attempts.at(-1);
		const showsFeedback = resume !== undefined && resume.stage !== 'answering' && last;
		return {
			quiz: input.quiz,
			maxTries: input.maxTries ?? DEFAULT_MAX_TRIES,
			passMark: input.passMark ?? DEFAULT_PASS_MARK,
			index,
			// An empty quiz goes straight to results and never reads its draft.
			draft:
				resume?.draft ??
				(questions.length > 0 ? emptyAnswer(questions[0]) : { kind: 'single', choiceId: null }),
			records,
			lastGrade: showsFeedback ? grade(questions[index], last) : null,
			began: resume?.stage ?? 'fresh'
		};
	},
	initial: 'starting',
	output: ({ context }) => summarize(context),
	states: {
		starting: {
			always: [
				{ guard: 'isFresh', target: 'answering', actions: 'reportStarted' },
				{ guard: { type: 'beganAt', params: { stage: 'correct' } }, target: 'checked.correct' },
				{ guard: { type: 'beganAt', params: { stage: 'incorrect' } }, target: 'checked.incorrect' },
				{ guard: { type: 'beganAt', params: { stage: 'revealed' } }, target: 'checked.revealed' },
				{ guard: { type: 'beganAt', params: { stage: 'answering' } }, target: 'answering' },
				{ target: 'results' }
			]
		},
		answering: {
			tags: ['answering'],
			on: {
				'answer.changed': { guard: 'answerFits', actions: 'setDraft' },
				'answer.check': [
					{
						guard: and(['canCheck', 'draftIsRight']),
						target: 'checked.correct',
						actions: ['recordAttempt', 'reportAnswered']
					},
					{
						guard: 'canCheck',
						target: 'checked.incorrect',
						actions: ['recordAttempt', 'reportAnswered']
					}
				]
			}
		},
		checked: {
			tags: ['checked'],
			// Always entered at a named child; xstate still asks for an initial one.
			initial: 'correct',
			states: {
				correct: {
					tags: ['correct'],
					on: {
						'question.next': [
							{ guard: 'isLastQuestion', target: '#quiz.results', actions: 'reportCompleted' },
							{ target: '#quiz.answering', actions: 'advance' }
						]
					}
				},
				incorrect: {
					tags: ['incorrect'],
					on: {
						// The draft keeps the wrong answer so the learner can change just what was wrong.
						'answer.retry': {
							guard: 'hasTriesLeft',
							target: '#quiz.answering',
							actions: 'clearFeedback'
						},
						'answer.reveal': { target: 'revealed', actions: 'markRevealed' }
					}
				},
				revealed: {
					tags: ['revealed'],
					on: {
						'question.next': [
							{ guard: 'isLastQuestion', target: '#quiz.results', actions: 'reportCompleted' },
							{ target: '#quiz.answering', actions: 'advance' }
						]
					}
				}
			}
		},
		results: {
			type: 'final',
			tags: ['results']
		}
	}
});

/** The stage a snapshot is in, as saved by `persist.ts`. */
export function stageOf(snapshot: { hasTag(tag: QuizTag): boolean }): QuizStage {
	if (snapshot.hasTag('results')) return 'results';
	if (snapshot.hasTag('correct')) return 'correct';
	if (snapshot.hasTag('incorrect')) return 'incorrect';
	if (snapshot.hasTag('revealed')) return 'revealed';
	return 'answering';
}
