import { render } from 'preact';

render(<main>CORS Lens</main>, document.getElementById('app')!);
