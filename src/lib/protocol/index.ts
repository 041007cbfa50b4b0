/**
 * The public face of the protocol engine (`$lib/protocol`): scenarios and their compact URL form,
 * running a scenario, presets, the port advisor, and the constants behind them. Pure TypeScript and
 * xstate; runs in the browser, in Node tests and in the command-line tool alike.
 *
 * Leaves to others: drawing, pacing and lessons (state/, components/, content/).
 */
export * from './ports';
export * from './replies';
export * from './scenario';
export * from './scenario-query';
export * from './result';
export * from './presets';
export * from './explanations';
export * from './advisor';
export { runScenario, TLS_RECORD_OVERHEAD } from './run-scenario';
export { formatTranscript, formatStep } from './format-transcript';
export { NAMES, base64Decode, base64Encode, saslPlain } from './example-names';
export { smtpSessionMachine } from './machines/smtp-session.machine';
export type {
	SmtpSessionEvent,
	SmtpSessionInput,
	SmtpSessionEmitted
} from './machines/smtp-session.machine';
export { tlsHandshakeMachine, certificateVerdict } from './machines/tls-handshake.machine';
export type {
	TlsHandshakeEvent,
	TlsHandshakeInput,
	TlsHandshakeEmitted,
	PresentedCert,
	CertCheck
} from './machines/tls-handshake.machine';
export { journeyMachine } from './machines/journey.machine';
export type { JourneyEvent, JourneyInput, JourneyPhase } from './machines/journey.machine';
export { realCommands, EXAMPLE_HOSTS, type RealCommand, type RealHosts } from './real-commands';
