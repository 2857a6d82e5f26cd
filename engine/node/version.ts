/** The version of ccsim (from package.json), written into outputs so results trace to their code. */
import packageJson from '../../package.json' with { type: 'json' };

export const CCSIM_VERSION: string = packageJson.version;
