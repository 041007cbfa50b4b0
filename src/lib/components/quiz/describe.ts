/**
 * Words for the quiz page: topic titles, and an answer described in plain text (the learner's
 * answer and the right one, in feedback and in the review). Reads question data only.
 */
import type { Answer, Question } from '$lib/quiz';

export const TOPIC_TITLES: Readonly<Record<string, string>> = {
	phases: 'The three phases',
	ports: 'What each port is for',
	'starttls-vs-implicit': 'STARTTLS versus implicit TLS',
	eavesdropper: 'What an eavesdropper sees',
	'stripping-and-defences': 'Stripping and its defences',
	troubleshooting: 'Troubleshooting',
	'choosing-a-port': 'Choosing a port'
};

export const topicTitle = (topic: string) => TOPIC_TITLES[topic] ?? topic;

export const SPEAKERS: Readonly<Record<string, string>> = {
	C: 'Client',
	S: 'Server',
	A: 'Attacker'
};

export const speakerLabel = (speaker: string) => SPEAKERS[speaker] ?? speaker;

/** An answer in words, e.g. “Port 465 · Implicit TLS”; “no answer” when nothing was chosen. */
export function describeAnswer(question: Question, answer: Answer | null): string {
	if (!answer || answer.kind !== question.kind) return 'no answer';
	const none = 'no answer';
	switch (question.kind) {
		case 'single':
		case 'predict-reply': {
			const id = (answer as { choiceId: string | null }).choiceId;
			return question.choices.find((c) => c.id === id)?.text ?? none;
		}
		case 'multiple': {
			const ids = (answer as { choiceIds: string[] }).choiceIds;
			const texts = question.choices.filter((c) => ids.includes(c.id)).map((c) => c.text);
			return texts.length ? texts.join('; ') : none;
		}
		case 'port-mode': {
			const { port, mode } = answer as { port: string | null; mode: string | null };
			const p = question.ports.find((x) => x.id === port)?.text;
			const m = question.modes.find((x) => x.id === mode)?.text;
			return p && m ? `${p} · ${m}` : (p ?? m ?? none);
		}
		case 'order': {
			const ids = (answer as { stepIds: string[] }).stepIds;
			return ids
				.map((id, i) => `${i + 1}. ${question.steps.find((s) => s.id === id)?.text ?? id}`)
				.join(' ');
		}
		case 'spot-problem': {
			const ids = (answer as { lineIds: string[] }).lineIds;
			const lines = question.transcript.filter((l) => ids.includes(l.id));
			return lines.length
				? lines.map((l) => `${speakerLabel(l.speaker)}: ${l.text}`).join('; ')
				: none;
		}
	}
}
