import { functionBundle } from '../../tsup.preset';

export default functionBundle();
