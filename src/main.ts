import { mount } from 'svelte';
import { applyConnectPolicy } from './app/content-policy.ts';
import { registerServiceWorker } from './offline/register.ts';
import './ui/global.css';
import App from './ui/App.svelte';

applyConnectPolicy(document, new URL(location.href));

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount Trialbook into');

registerServiceWorker();

export default mount(App, { target });
