#!/usr/bin/env node
// The `kyc-contracts` executable: everything else is in ./cli.ts, which tests call directly.
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2));
