/**
 * /quiz/ in a real browser: a full assessment with the keyboard alone reaches the right score for a
 * known seed (computed with the quiz engine, not hard-coded), progress survives a reload, corrupt
 * saved data gives a notice and a fresh quiz, the simulator link carries the scenario, the quiz
 * reports through `spl:quiz` events, and axe finds nothing in any state in either theme.
 * Screenshots of a question, its feedback and the results land in e2e-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { createActor } from 'xstate';
import { quizMachine, solutionOf, type Answer, type QuizReportEvent } from '../src/lib/quiz/index';
import { expect, test, useTheme } from './fixtures';
import { QuizPage, expectedQuiz, readBank, wrongAnswer } from './pages/quiz';

const SEED = 'e2e-class-7b';
const escape = (text: string) => text.replace(/[.?*+^$()[\]{}|\\]/g, '\\$&');
/** Questions (0-based) answered wrongly on purpose, then shown. */
const WRONG = new Set([1, 4, 8, 13]);

test('a full assessment answered with the keyboard alone reaches results with the right score', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.addInitScript(() => {
		const events: unknown[] = [];
		(window as unknown as { quizEvents: unknown[] }).quizEvents = events;
		window.addEventListener('spl:quiz', (e) => events.push((e as CustomEvent).detail));
	});
	const quizPage = new QuizPage(page);
	await quizPage.goto(`mode=assessment&seed=${SEED}&pass=80`);
	const quiz = expectedQuiz('assessment', SEED);
	const answers: Answer[] = quiz.questions.map((q, i) =>
		WRONG.has(i) ? wrongAnswer(q) : solutionOf(q)
	);

	// The expected score, by the engine itself: the same answers, wrong ones then shown.
	const actor = createActor(quizMachine, { input: { quiz, passMark: 0.8 } }).start();
	answers.forEach((answer, i) => {
		actor.send({ type: 'answer.changed', answer });
		actor.send({ type: 'answer.check' });
		if (WRONG.has(i)) actor.send({ type: 'answer.reveal' });
		actor.send({ type: 'question.next' });
	});
	const expected = actor.getSnapshot().output!;
	expect(expected.total).toBe(15);

	await quizPage.pressButton('Start the quiz');
	await expect(quizPage.questionHeading()).toBeFocused();
	for (const [i, q] of quiz.questions.entries()) {
		await expect(quizPage.questionHeading()).toHaveText(`Question ${i + 1} of 15`);
		await expect(page.locator('.prompt').first()).toHaveText(q.prompt);
		await quizPage.answer(q, answers[i]);
		await quizPage.checkAndContinue(i === quiz.questions.length - 1);
	}
	await expect(page.getByText(`You got ${expected.score} of 15 questions right`)).toBeVisible();
	await expect(page.getByText(expected.passed ? /^Passed/ : /^Not passed yet/)).toBeVisible();
	for (const [topic, m] of Object.entries(expected.mastery)) {
		void topic;
		await expect(
			page.locator('.mastery').getByText(`${m.correct} of ${m.total}`).first()
		).toBeVisible();
	}
	await expect(
		page.getByRole('button', { name: `Practise the ${expected.missed.length} missed questions` })
	).toBeVisible();

	const events = await page.evaluate(
		() => (window as unknown as { quizEvents: QuizReportEvent[] }).quizEvents
	);
	expect(events[0]).toMatchObject({ type: 'quiz.started', mode: 'assessment', total: 15 });
	expect(events.filter((e) => e.type === 'question.answered')).toHaveLength(15);
	expect(events.at(-1)).toMatchObject({
		type: 'quiz.completed',
		score: expected.score,
		passed: expected.passed
	});
});

test('a missing seed is generated and written into the address, and bad settings are named', async ({
	page
}) => {
	const quizPage = new QuizPage(page);
	await quizPage.goto('mode=sometimes&pass=500');
	await expect(page).toHaveURL(/\?mode=assessment&seed=[a-z0-9]{6}&pass=80$/);
	const notice = page
		.getByRole('status')
		.filter({ hasText: 'Some settings in the address were ignored' });
	await expect(notice).toContainText('mode “sometimes”');
	await expect(notice).toContainText('pass “500”');
	await quizPage.chooseRadio(
		page.getByRole('group', { name: 'Kind of quiz' }),
		'Quick check: 5 questions on one topic'
	);
	await expect(page).toHaveURL(/\?mode=quick&topic=[a-z-]+&seed=[a-z0-9]{6}&pass=80$/);
});

test('a saved quiz resumes after a reload at the same question', async ({ page }) => {
	const quizPage = new QuizPage(page);
	await quizPage.goto(`mode=quick&topic=ports&seed=${SEED}`);
	const quiz = expectedQuiz('quick', SEED, 'ports');
	await quizPage.pressButton('Start the quiz');
	for (const i of [0, 1]) {
		await quizPage.answer(quiz.questions[i], solutionOf(quiz.questions[i]));
		await quizPage.checkAndContinue(false);
	}
	const q = quiz.questions[2];
	await quizPage.answer(q, wrongAnswer(q));
	await quizPage.pressButton('Check answer');
	await expect(quizPage.feedbackHeading()).toHaveText('Not quite');

	await quizPage.reload();
	await expect(page.getByText('Welcome back: you are continuing the quiz')).toBeVisible();
	await expect(quizPage.questionHeading()).toHaveText('Question 3 of 5');
	await expect(quizPage.feedbackHeading()).toHaveText('Not quite');
	await expect(quizPage.button('Try again')).toBeVisible();
});

test('corrupt saved data shows a one-line notice and a fresh quiz', async ({ page }) => {
	const quizPage = new QuizPage(page);
	await quizPage.goto();
	await page.evaluate(() =>
		localStorage.setItem('spl.quiz', '{"format":"quiz-progress","version":99}')
	);
	await quizPage.reload();
	await expect(page.getByRole('status').filter({ hasText: 'could not be restored' })).toContainText(
		'A fresh quiz is ready below.'
	);
	await expect(page.getByRole('heading', { name: 'Choose a quiz' })).toBeVisible();
	expect(await page.evaluate(() => localStorage.getItem('spl.quiz'))).toBeNull();

	await page.evaluate(() => localStorage.setItem('spl.quiz', 'not json at all'));
	await quizPage.reload();
	await expect(page.getByText('it is not valid JSON')).toBeVisible();
});

test('the feedback links to the simulator with the question’s scenario', async ({ page }) => {
	const quizPage = new QuizPage(page);
	await quizPage.goto(`mode=quick&topic=ports&seed=${SEED}`);
	const quiz = expectedQuiz('quick', SEED, 'ports');
	await quizPage.pressButton('Start the quiz');
	const bank = readBank();
	for (const [i, q] of quiz.questions.entries()) {
		await quizPage.answer(q, solutionOf(q));
		await quizPage.pressButton('Check answer');
		const scenario = bank.find((b) => b.id === q.id)?.scenario;
		if (scenario) {
			const link = page.getByRole('link', { name: 'Open this in the simulator' });
			// resolve() gives ../simulate/ in the prerendered HTML and the base-relative path once hydrated.
			await expect(link).toHaveAttribute('href', new RegExp(`simulate/\\?${escape(scenario)}$`));
			await link.click();
			await expect(page).toHaveURL(new RegExp(`/simulate/\\?${escape(scenario)}`));
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Simulator');
			return;
		}
		await quizPage.pressButton(i === quiz.questions.length - 1 ? 'See results' : 'Next question');
	}
	throw new Error('no question of the quick check had a scenario');
});

/** Quick checks that, between them, show every question kind. */
const AXE_TOPICS = ['choosing-a-port', 'starttls-vs-implicit', 'stripping-and-defences'];

for (const theme of ['light', 'dark'] as const) {
	test(`no axe violations at the start, on every question and feedback kind and the results (${theme})`, async ({
		page,
		expectNoAxeViolations
	}) => {
		test.setTimeout(240_000);
		mkdirSync('e2e-artifacts', { recursive: true });
		await useTheme(page, theme);
		const quizPage = new QuizPage(page);
		const shoot = async (name: string) => {
			for (const width of [1280, 375]) {
				await page.setViewportSize({ width, height: 900 });
				await page.screenshot({
					path: `e2e-artifacts/quiz-${name}-${width}-${theme}.png`,
					fullPage: true
				});
			}
			await page.setViewportSize({ width: 1280, height: 900 });
		};
		const kinds = new Set<string>();
		for (const [t, topic] of AXE_TOPICS.entries()) {
			await quizPage.goto(`mode=quick&topic=${topic}&seed=${SEED}`);
			if (t === 0) await expectNoAxeViolations(`start ${theme}`);
			const quiz = expectedQuiz('quick', SEED, topic);
			await quizPage.button('Start the quiz').click();
			for (const [i, q] of quiz.questions.entries()) {
				const wrong = i % 2 === 0;
				await quizPage.answer(q, wrong ? wrongAnswer(q) : solutionOf(q));
				const first = t === 0 && i === 0;
				if (!kinds.has(q.kind) || first) await expectNoAxeViolations(`${q.kind} question ${theme}`);
				if (first) await shoot('question');
				await quizPage.button('Check answer').click();
				if (!kinds.has(q.kind) || first) await expectNoAxeViolations(`${q.kind} feedback ${theme}`);
				if (first) await shoot('feedback');
				if (q.kind === 'order' && !kinds.has('order')) await shoot('order-feedback');
				kinds.add(q.kind);
				if (wrong) await quizPage.button('Show answer').click();
				await quizPage
					.button(i === quiz.questions.length - 1 ? 'See results' : 'Next question')
					.click();
			}
			await expect(quizPage.resultsHeading()).toBeVisible();
			if (t === 0) {
				await expectNoAxeViolations(`results ${theme}`);
				await shoot('results');
			}
			// Forgets the finished quiz, so the next topic starts fresh.
			await quizPage.button('Start a new quiz').click();
		}
		expect([...kinds].sort()).toEqual(
			['multiple', 'order', 'port-mode', 'predict-reply', 'single', 'spot-problem'].sort()
		);
	});
}

test('the quiz works from a sub-path, and its simulator links stay inside it', async ({ page }) => {
	await page.goto(`/nested/deploy/quiz/?mode=quick&topic=troubleshooting&seed=${SEED}`);
	const quizPage = new QuizPage(page);
	await quizPage.reload();
	const quiz = expectedQuiz('quick', SEED, 'troubleshooting');
	await quizPage.button('Start the quiz').click();
	await quizPage.answer(quiz.questions[0], solutionOf(quiz.questions[0]));
	await quizPage.button('Check answer').click();
	const link = page.getByRole('link', { name: 'Open this in the simulator' });
	await link.click();
	await expect(page).toHaveURL(/\/nested\/deploy\/simulate\/\?/);
});
