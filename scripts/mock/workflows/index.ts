/** The vendor workflows by api id. A fifth API's workflow is one file beside this one and one line here. */
import { bank131Workflow } from './bank131.js';
import { biometricWorkflow } from './biometric.js';
import { brainysoftWorkflow } from './brainysoft.js';
import { erdWorkflow } from './erd.js';
import { kycaidWorkflow } from './kycaid.js';
import type { WorkflowModule } from './workflow.js';

export const WORKFLOWS: Readonly<Record<string, WorkflowModule>> = Object.fromEntries(
  [erdWorkflow, kycaidWorkflow, bank131Workflow, brainysoftWorkflow, biometricWorkflow].map((w) => [w.api, w]),
);
