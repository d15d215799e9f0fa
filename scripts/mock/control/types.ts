/**
 * The control API's types, as `kyc-contracts/testing` exports them for `startMock()`'s handle: the shapes of the
 * schemas of ./openapi.yaml (./model.test.ts checks their property names against the document).
 */
export type { FaultKind, Override, OverrideInput, OverrideMatch, OverrideRespond } from '../overrides/model.js';
export type { JournalEntry, JournalPage as RequestList } from '../journal.js';
export type { CallbackAction, CallbackAttempt, CallbackPage as CallbackList, CallbackRule, CallbackRuleInput, HeldCallback } from '../callbacks.js';
export type { ControlScope, MockControl, Removed, RequestFilter } from './control.js';
export type { AnsweredBy, Violation } from '../types.js';
