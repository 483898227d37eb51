// Side-effect CSS imports are handled by Vite (emitted as a .css file: style-src 'self').
declare module "*.css";
