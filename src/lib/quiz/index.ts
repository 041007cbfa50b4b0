/**
 * The public API of the quiz engine: question kinds and their validation, grading, seeded quiz
 * building, the flow machine, scoring, reporting and saving.
 *
 * SMTP-agnostic: the question bank (content/) and the page (/quiz) use this API; nothing here
 * imports Svelte, SvelteKit, the protocol engine or the content loader.
 */
export type {
	Answer,
	AnswerFor,
	Choice,
	Difficulty,
	Misconception,
	MultipleQuestion,
	OrderQuestion,
	OrderStep,
	PortMode,
	PortModeAlternative,
	PortModeMismatch,
	PortModeQuestion,
	PredictReplyQuestion,
	Question,
	QuestionBase,
	QuestionKind,
	SingleQuestion,
	SpotLine,
	SpotProblemQuestion,
	TranscriptLine
} from './types';
export { QUESTION_KINDS, validateBank, validateQuestion } from './types';
export { answerFits, emptyAnswer, isAnswerComplete, solutionOf } from './answer';
export type { Feedback, Grade, PartialDetail, SetDetail } from './grade';
export {
	grade,
	gradeMultiple,
	gradeOrder,
	gradePortMode,
	gradeSingle,
	gradeSpotProblem
} from './grade';
export type { BuildQuizOptions, MissedSource, Quiz, QuizMode } from './shuffle';
export {
	ASSESSMENT_COUNT,
	QUICK_CHECK_COUNT,
	buildQuiz,
	createRandom,
	hashSeed,
	practiceMissed,
	presentQuestion,
	shuffle,
	topicsOf
} from './shuffle';
export type { QuestionRecord, QuizSummary, TopicMastery } from './score';
export { DEFAULT_MAX_TRIES, DEFAULT_PASS_MARK, finalAnswer, isPass, summarize } from './score';
export type {
	QuizContext,
	QuizEvent,
	QuizInput,
	QuizResume,
	QuizStage,
	QuizTag
} from './quiz.machine';
export { currentQuestion, currentRecord, quizMachine, stageOf } from './quiz.machine';
export type { ConnectOptions, QuizReportEvent, QuizReporter } from './report';
export { connectReporter } from './report';
export type { LoadResult, QuizSnapshotLike, SavedQuiz } from './persist';
export {
	SAVE_FORMAT,
	SAVE_VERSION,
	loadQuiz,
	restoreActorInput,
	saveQuiz,
	toSavedQuiz
} from './persist';
