import { mount } from 'svelte';
import './ui/global.css';
import App from './ui/App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount Trialbook into');

export default mount(App, { target });
