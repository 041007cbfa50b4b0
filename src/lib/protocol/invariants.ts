/**
 * Invariants every run must satisfy, shared by the preset, property and path tests: what an
 * observer may see, which port relay uses, and how STARTTLS and AUTH behave.
 *
 * Leaves to others: running scenarios (run-scenario.ts).
 *
 * RFC sections: RFC 3207 §4.2 (no STARTTLS after TLS; EHLO again only after STARTTLS), RFC 4954 §4 and §6 (no AUTH before TLS where
 * TLS is required), RFC 8314 §7.3 (relay on port 25), RFC 8314 §3.3 (implicit TLS: nothing in
 * clear), RFC 8689 §2 (REQUIRETLS travels with the message from its submission).
 */
import { OUTCOME_KINDS, type RunResult } from './result';

/** Returns the broken invariants in plain words; [] when the run is sound. */
export function brokenInvariants(r: RunResult): string[] {
	const out: string[] = [];
	const s = r.scenario;
	if (!OUTCOME_KINDS.includes(r.outcome.kind)) out.push(`unknown outcome ${r.outcome.kind}`);
	r.steps.forEach((step, i) => {
		if (step.index !== i) out.push(`step ${i} has index ${step.index}`);
	});
	const attackerKeys = s.onPath.party === 'fake-cert';
	for (const step of r.steps) {
		// Credentials never appear in the observer's view after TLS is up (unless the client let an attacker terminate TLS).
		if (
			step.kind === 'command' &&
			/AUTH|LOGIN|PASS /.test(step.text) &&
			step.encrypted &&
			step.observer !== null
		) {
			const readable = !step.observer.startsWith('TLS application data');
			if (readable && !attackerKeys)
				out.push(`credentials readable inside TLS at step ${step.index}`);
		}
		if (step.decoded !== undefined && step.observer === null)
			out.push(`decoded without observer at ${step.index}`);
		// A time-out is the waiting party's own event: nothing travels, so no arrow and no capture.
		if (step.kind === 'tcp-timeout' && (step.from !== step.to || step.observer !== null))
			out.push(`a time-out travels between parties at step ${step.index}`);
		// An encrypted step the observer read is marked as decrypted, and only an attacker the client
		// let terminate TLS can decrypt (RFC 8314 §5.3).
		const readableInside =
			step.encrypted && step.observer !== null && !step.observer.startsWith('TLS application data');
		if (readableInside && !step.decrypted)
			out.push(`encrypted step read but not marked decrypted at step ${step.index}`);
		if (step.decrypted && !attackerKeys)
			out.push(`decrypted without an attacker holding the keys at step ${step.index}`);
		// STARTTLS is never advertised after TLS.
		if (
			step.kind === 'reply' &&
			step.encrypted &&
			step.text.split('\n').some((l) => /^250[- ]STARTTLS$/.test(l))
		)
			out.push(`STARTTLS advertised inside TLS at step ${step.index}`);
		// Relay to an MX is only on port 25.
		if (step.kind === 'tcp-connect' && step.from === 'sending-mta' && !/:25( |$)/.test(step.text))
			out.push(`relay not on port 25 at step ${step.index}`);
		// AUTH is never accepted before TLS on a server that requires TLS.
		if (
			step.kind === 'reply' &&
			step.text.startsWith('235') &&
			!step.encrypted &&
			step.hop === 'submission' &&
			(s.server.tlsBeforeAuth || s.server.requireTls)
		)
			out.push(`AUTH accepted in clear at step ${step.index}`);
	}
	// With implicit TLS the observer sees no SMTP line at all.
	const implicit =
		(s.phase === 'submission' || s.phase === 'journey') &&
		s.client.security === 'implicit' &&
		s.server.listen[s.port] === 'implicit-tls' &&
		s.onPath.hop === 'submission' &&
		!(s.onPath.party === 'fake-cert' && !s.client.validatesCerts);
	if (implicit) {
		for (const step of r.steps)
			if (
				step.hop === 'submission' &&
				step.layer === 'SMTP' &&
				step.observer !== null &&
				!step.observer.startsWith('TLS application data')
			)
				out.push(`SMTP line readable with implicit TLS at step ${step.index}`);
	}
	// EHLO is said "again" only after a STARTTLS upgrade on the same hop (RFC 3207 §4.2); with
	// implicit TLS nothing came before the handshake, so its first EHLO is not a repeat (RFC 8314 §3.3).
	const upgraded = new Set<string | null>();
	for (const step of r.steps) {
		if (step.explain === 'smtp.starttls-ready') upgraded.add(step.hop);
		if (
			(step.explain === 'smtp.ehlo-after-tls' || step.explain === 'smtp.ehlo-reply-after-tls') &&
			!upgraded.has(step.hop)
		)
			out.push(`EHLO explained as a repeat after STARTTLS without one at step ${step.index}`);
	}
	// A message carries REQUIRETLS from its submission on: no later hop adds it (RFC 8689 §2: the
	// sender asks for it, and every hop must then honour it).
	const mailFrom = (hop: 'submission' | 'relay') =>
		r.steps.find(
			(st) => st.kind === 'command' && st.hop === hop && st.text.startsWith('MAIL FROM')
		);
	const relayed = mailFrom('relay');
	if (
		s.phase === 'journey' &&
		relayed?.text.endsWith(' REQUIRETLS') &&
		!mailFrom('submission')?.text.endsWith(' REQUIRETLS')
	)
		out.push(`REQUIRETLS added on the relay hop at step ${relayed.index}`);
	return out;
}
