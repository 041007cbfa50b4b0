/**
 * The one small typed interface through which a quiz reports what happens: started, each answer
 * checked, completed with the score.
 *
 * The quiz machine emits exactly these events; `connectReporter` forwards them to a `QuizReporter`.
 * Embedding (postMessage) and LMS reporting (SCORM) implement `QuizReporter` later; this module
 * knows nothing about either. A reporter that throws never stops the quiz.
 */
import type { Actor } from 'xstate';
import type { quizMachine } from './quiz.machine';
import type { QuizMode } from './shuffle';
import type { TopicMastery } from './score';

export type QuizReportEvent =
	| { type: 'quiz.started'; quizId: string; mode: QuizMode; total: number }
	| {
			type: 'question.answered';
			questionId: string;
			correct: boolean;
			/** 1 for the first try, 2 for the second, ... */
			attempt: number;
			topic: string;
	  }
	| {
			type: 'quiz.completed';
			score: number;
			total: number;
			ratio: number;
			passed: boolean;
			mastery: Record<string, TopicMastery>;
	  };

export interface QuizReporter {
	report(event: QuizReportEvent): void;
}

export interface ConnectOptions {
	/** Called when the reporter throws; defaults to `console.error`. */
	onError?: (error: unknown, event: QuizReportEvent) => void;
}

/**
 * Forwards every report event of a quiz actor to `reporter`. Connect before `actor.start()` to
 * receive `quiz.started`. Returns a function that disconnects.
 */
export function connectReporter(
	actor: Actor<typeof quizMachine>,
	reporter: QuizReporter,
	options: ConnectOptions = {}
): () => void {
	const onError = options.onError ?? ((error) => console.error('Quiz reporter failed:', error));
	const subscription = actor.on('*', (event) => {
		try {
			reporter.report(event);
		} catch (error) {
			onError(error, event);
		}
	});
	return () => subscription.unsubscribe();
}
