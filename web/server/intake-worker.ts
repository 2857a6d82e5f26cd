/**
 * The server's intake thread (see intake.ts): request bodies are parsed and validated here, never
 * on the main thread. Bundled by build-cli.mjs as dist/node/web-server-intake-worker.mjs.
 */
import { intake, type IntakeResult, type IntakeTask } from './intake.ts';

export default function intakeTask(task: IntakeTask): IntakeResult {
  return intake(task);
}
