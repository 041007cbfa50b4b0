/**
 * Page object for /quiz/: starts quizzes and answers any question kind with the keyboard alone
 * (Tab / Shift+Tab to reach a control, arrow keys in radio groups, Space for checkboxes, Enter for
 * buttons), and builds the same quiz the page builds from the bank files and a seed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { buildQuiz, type Answer, type Question, type QuizMode } from '../../src/lib/quiz/index';
import { waitForHydration } from '../fixtures';

/** The question bank exactly as content/quiz holds it (extra fields such as derivedFrom included). */
export function readBank(): (Question & { scenario?: string })[] {
	const dir = new URL('../../content/quiz/', import.meta.url);
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.flatMap((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Question[]);
}

/** The quiz the page builds for these settings. */
export function expectedQuiz(mode: Exclude<QuizMode, 'practice'>, seed: string, topic?: string) {
	return buildQuiz({ bank: readBank(), mode, seed, topic });
}

/** A complete answer that is wrong, for any question. */
export function wrongAnswer(q: Question): Answer {
	switch (q.kind) {
		case 'single':
		case 'predict-reply':
			return { kind: q.kind, choiceId: q.choices.find((c) => c.id !== q.correct)!.id };
		case 'multiple':
			return { kind: 'multiple', choiceIds: q.choices.map((c) => c.id) };
		case 'port-mode': {
			const accepted = [q.best, ...q.alternatives].map((a) => a.port);
			return {
				kind: 'port-mode',
				port: q.ports.find((p) => !accepted.includes(p.id))!.id,
				mode: q.best.mode
			};
		}
		case 'order':
			// Steps are never presented in order, so leaving them as they are is wrong.
			return { kind: 'order', stepIds: q.steps.map((s) => s.id) };
		case 'spot-problem':
			return {
				kind: 'spot-problem',
				lineIds: [q.transcript.find((l) => !q.problems.includes(l.id))!.id]
			};
	}
}

export class QuizPage {
	constructor(readonly page: Page) {}

	async goto(query = '') {
		await this.page.goto(`quiz/${query ? `?${query}` : ''}`);
		await waitForHydration(this.page);
		await expect(this.page.getByText('Loading the quiz…')).toHaveCount(0);
	}

	async reload() {
		await this.page.reload();
		await waitForHydration(this.page);
		await expect(this.page.getByText('Loading the quiz…')).toHaveCount(0);
	}

	get main() {
		return this.page.locator('main');
	}
	questionHeading() {
		return this.page.getByRole('heading', { level: 2, name: /^Question \d+ of \d+$/ });
	}
	feedbackHeading() {
		return this.page.locator('#quiz-feedback-heading');
	}
	resultsHeading() {
		return this.page.locator('#quiz-results-heading');
	}
	button(name: string | RegExp) {
		return this.main.getByRole('button', { name, exact: typeof name === 'string' });
	}

	/** Moves focus to `target` with Tab or Shift+Tab only, in the direction it lies. */
	async tabTo(target: Locator, limit = 80) {
		for (let i = 0; i < limit; i++) {
			const where = await target.evaluate((el) => {
				const active = document.activeElement;
				if (active === el) return 'here';
				if (!active || active === document.body) return 'after';
				return active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING
					? 'after'
					: 'before';
			});
			if (where === 'here') return;
			await this.page.keyboard.press(where === 'after' ? 'Tab' : 'Shift+Tab');
		}
		throw new Error(`Could not reach ${String(target)} with the keyboard`);
	}

	async pressButton(name: string | RegExp) {
		const button = this.button(name);
		await this.tabTo(button);
		await this.page.keyboard.press('Enter');
	}

	/** Picks a radio button by its label: Tab into the group, then arrow keys (Space for the first). */
	async chooseRadio(group: Locator, label: string) {
		const target = group.getByRole('radio', { name: label, exact: true });
		if (await target.isChecked()) return;
		const first = group.getByRole('radio').first();
		const checked = group.locator('input[type=radio]:checked');
		await this.tabTo((await checked.count()) > 0 ? checked : first);
		const radios = await group.getByRole('radio').count();
		for (let i = 0; i <= radios; i++) {
			if (await target.evaluate((el) => el === document.activeElement)) {
				await this.page.keyboard.press('Space');
				break;
			}
			await this.page.keyboard.press('ArrowDown');
		}
		await expect(target).toBeChecked();
	}

	async toggleCheckbox(box: Locator) {
		await this.tabTo(box);
		await this.page.keyboard.press('Space');
	}

	/** Gives `answer` to the question on screen with the keyboard alone. */
	async answer(q: Question, answer: Answer) {
		const form = this.main.locator('form');
		switch (answer.kind) {
			case 'single':
			case 'predict-reply': {
				const text = (q as Extract<Question, { kind: 'single' }>).choices.find(
					(c) => c.id === answer.choiceId
				)!.text;
				await this.chooseRadio(form.getByRole('group'), text);
				break;
			}
			case 'multiple':
				for (const c of (q as Extract<Question, { kind: 'multiple' }>).choices) {
					if (answer.choiceIds.includes(c.id))
						await this.toggleCheckbox(form.getByRole('checkbox', { name: c.text, exact: true }));
				}
				break;
			case 'port-mode': {
				const pm = q as Extract<Question, { kind: 'port-mode' }>;
				await this.chooseRadio(
					form.getByRole('group', { name: 'Port' }),
					pm.ports.find((p) => p.id === answer.port)!.text
				);
				await this.chooseRadio(
					form.getByRole('group', { name: 'Security mode' }),
					pm.modes.find((m) => m.id === answer.mode)!.text
				);
				break;
			}
			case 'order': {
				const oq = q as Extract<Question, { kind: 'order' }>;
				for (let i = 0; i < answer.stepIds.length; i++) {
					const current = await form
						.locator('li[data-step]')
						.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.step!));
					const from = current.indexOf(answer.stepIds[i]);
					if (from === i) continue;
					const text = oq.steps.find((s) => s.id === answer.stepIds[i])!.text;
					await this.tabTo(form.getByRole('button', { name: `Move up: ${text}`, exact: true }));
					for (let k = from; k > i; k--) await this.page.keyboard.press('Enter');
				}
				break;
			}
			case 'spot-problem': {
				const sq = q as Extract<Question, { kind: 'spot-problem' }>;
				for (const id of answer.lineIds) {
					const line = sq.transcript.find((l) => l.id === id)!;
					await this.toggleCheckbox(
						form.locator('label', { hasText: line.text }).getByRole('checkbox')
					);
				}
				break;
			}
		}
	}

	/** Checks the answer; a wrong one is then shown. Ends on the next question or the results. */
	async checkAndContinue(isLast: boolean) {
		await this.pressButton('Check answer');
		await expect(this.feedbackHeading()).toBeFocused();
		if ((await this.feedbackHeading().textContent()) === 'Not quite') {
			await this.pressButton('Show answer');
			await expect(this.feedbackHeading()).toHaveText('The right answer');
			await expect(this.feedbackHeading()).toBeFocused();
		}
		await this.pressButton(isLast ? 'See results' : 'Next question');
		await expect(isLast ? this.resultsHeading() : this.questionHeading()).toBeFocused();
	}
}
