/**
 * The journey of one message across phases: submission (mail program → its provider's MSA), relay
 * (sending MTA → recipient's MX on port 25, after an MX lookup), receipt (MX → mailbox → the
 * recipient reads over IMAP or POP3). A scenario may cover one phase or the whole journey; the
 * machine says which phase runs next and stops at the first phase that fails.
 *
 * Leaves to others: what happens inside a phase (the SMTP session and TLS machines, driven by
 * run-scenario.ts).
 *
 * RFC sections: RFC 5068 §3 and RFC 6409 §2.1 (submission vs relay vs delivery), RFC 5321 §2.3.10
 * (originating, relay and delivery systems), RFC 8314 §7.3 (relay on port 25), RFC 6409 §2.1
 * (retrieval is not SMTP).
 */
import { assign, emit, setup } from 'xstate';

export type JourneyPhase = 'submission' | 'relay' | 'receipt';

export interface JourneyInput {
	/** What the scenario covers: one phase or the whole journey. */
	phase: 'submission' | 'relay' | 'receipt' | 'journey';
}

export type JourneyEvent = { type: 'phase.completed' } | { type: 'phase.failed' };

export type JourneyEmitted = { type: 'journey.phase-started'; phase: JourneyPhase };

export interface JourneyContext {
	scope: JourneyInput['phase'];
	current: JourneyPhase | null;
}

const enter = (phase: JourneyPhase) => [
	{ type: 'setCurrent', params: { phase } } as const,
	{ type: 'announce', params: { phase } } as const
];

export const journeyMachine = setup({
	types: {
		input: {} as JourneyInput,
		context: {} as JourneyContext,
		events: {} as JourneyEvent,
		emitted: {} as JourneyEmitted
	},
	guards: {
		startsAt: ({ context }, p: { phase: JourneyInput['phase'] }) => context.scope === p.phase,
		isWholeJourney: ({ context }) => context.scope === 'journey'
	},
	actions: {
		setCurrent: assign((_, p: { phase: JourneyPhase }) => ({ current: p.phase })),
		announce: emit((_, p: { phase: JourneyPhase }) => ({
			type: 'journey.phase-started' as const,
			phase: p.phase
		}))
	}
}).createMachine({
	id: 'journey',
	context: ({ input }) => ({ scope: input.phase, current: null }),
	initial: 'start',
	states: {
		start: {
			always: [
				{ guard: { type: 'startsAt', params: { phase: 'relay' } }, target: 'relay' },
				{ guard: { type: 'startsAt', params: { phase: 'receipt' } }, target: 'receipt' },
				{ target: 'submission' }
			]
		},
		submission: {
			tags: ['submission'],
			entry: enter('submission'),
			on: {
				'phase.completed': [{ guard: 'isWholeJourney', target: 'relay' }, { target: 'delivered' }],
				'phase.failed': { target: 'stopped' }
			}
		},
		relay: {
			tags: ['relay'],
			entry: enter('relay'),
			on: {
				'phase.completed': [
					{ guard: 'isWholeJourney', target: 'receipt' },
					{ target: 'delivered' }
				],
				'phase.failed': { target: 'stopped' }
			}
		},
		receipt: {
			tags: ['receipt'],
			entry: enter('receipt'),
			on: {
				'phase.completed': { target: 'delivered' },
				'phase.failed': { target: 'stopped' }
			}
		},
		delivered: { type: 'final', tags: ['delivered', 'closed'] },
		stopped: { type: 'final', tags: ['closed'] }
	}
});

/** The phase a journey snapshot is in, or null when it has ended. */
export function currentPhase(value: unknown): JourneyPhase | null {
	return value === 'submission' || value === 'relay' || value === 'receipt' ? value : null;
}

export type JourneyMachine = typeof journeyMachine;
