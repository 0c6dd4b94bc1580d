import { functionBundle } from '../tsup.shared';

export default functionBundle();
