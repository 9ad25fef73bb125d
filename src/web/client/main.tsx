import { render } from 'preact';
import { App } from './app.tsx';
import { interceptLinks } from './lib/router.ts';
import './styles.css';

const root = document.getElementById('app');
if (root !== null) {
  root.textContent = '';
  interceptLinks(root);
  render(<App />, root);
}
