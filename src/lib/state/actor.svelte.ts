/**
 * Bridges an xstate actor into Svelte 5 runes with `createSubscriber`, the pattern svelte.dev uses
 * for persisted state: reading `snapshot` inside an effect or template subscribes to the actor, and
 * the subscription ends when nothing reads it any more. The component that creates the actor owns its
 * lifetime (start/stop); consumers read `snapshot` and call `send`. Never create actors at module scope.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { AnyActorRef, EventFrom, SnapshotFrom } from 'xstate';

export class ActorState<TActor extends AnyActorRef> {
	readonly actor: TActor;
	#subscribe: () => void;

	constructor(actor: TActor) {
		this.actor = actor;
		this.#subscribe = createSubscriber((update) => {
			const subscription = actor.subscribe(update);
			return () => subscription.unsubscribe();
		});
	}

	get snapshot(): SnapshotFrom<TActor> {
		this.#subscribe();
		return this.actor.getSnapshot();
	}

	send = (event: EventFrom<TActor>) => {
		this.actor.send(event);
	};
}
