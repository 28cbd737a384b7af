// The Phaser the room is built with: Phaser 4's own sources, only the modules room-scene.ts uses,
// bundled by Vite with WebGL only and no sound (the flags and the alias: scripts/phaser-build.ts).
// vite.config.ts aliases `phaser` to this file, so `import Phaser from 'phaser'` keeps Phaser's types
// for tsc while the build ships about a third less than the prebuilt bundle.
// CommonJS like Phaser's sources, so the modules run in the order written here (see the renderer below);
// plain JavaScript because the types come from the package.
// First: its renderer modules require one another in a cycle
// (BatchHandler needs the renderer's index, which needs the render nodes that extend BatchHandler),
// which only resolves when the index is the first of them to run.
require('phaser-src/renderer/index.js');
const CONST = require('phaser-src/const.js');
const Game = require('phaser-src/core/Game.js');
const Scene = require('phaser-src/scene/Scene.js');
const Scale = require('phaser-src/scale/index.js');
const LoaderEvents = require('phaser-src/loader/events/index.js');
const WebGLRenderer = require('phaser-src/renderer/webgl/WebGLRenderer.js');
const Color = require('phaser-src/display/color/index.js');
const QuadraticBezier = require('phaser-src/curves/QuadraticBezierCurve.js');
const Vector2 = require('phaser-src/math/Vector2.js');
const Container = require('phaser-src/gameobjects/container/Container.js');
const Text = require('phaser-src/gameobjects/text/Text.js');
const RenderTexture = require('phaser-src/gameobjects/rendertexture/RenderTexture.js');
const DynamicTexture = require('phaser-src/textures/DynamicTexture.js');

// Scene plugins register themselves with Phaser's plugin cache when their module runs: without these
// requires a scene would have no `this.add`, `this.load`, `this.tweens`, `this.time` or input.
require('phaser-src/cameras/2d/CameraManager.js');
require('phaser-src/scene/ScenePlugin.js');
require('phaser-src/events/EventEmitter.js');
require('phaser-src/gameobjects/DisplayList.js');
require('phaser-src/gameobjects/UpdateList.js');
require('phaser-src/gameobjects/GameObjectFactory.js');
require('phaser-src/gameobjects/GameObjectCreator.js');
require('phaser-src/data/DataManagerPlugin.js');
require('phaser-src/input/InputPlugin.js');
require('phaser-src/loader/LoaderPlugin.js');
require('phaser-src/time/Clock.js');
require('phaser-src/tweens/TweenManager.js');

// The game objects the room adds (`this.add.<name>`), and the one file type it loads (the flags' SVGs):
// each registers its factory when its module runs.
require('phaser-src/gameobjects/container/ContainerFactory.js');
require('phaser-src/gameobjects/graphics/GraphicsFactory.js');
require('phaser-src/gameobjects/image/ImageFactory.js');
require('phaser-src/gameobjects/text/TextFactory.js');
require('phaser-src/gameobjects/rendertexture/RenderTextureFactory.js');
require('phaser-src/gameobjects/zone/ZoneFactory.js');
require('phaser-src/gameobjects/shape/arc/ArcFactory.js');
require('phaser-src/gameobjects/shape/ellipse/EllipseFactory.js');
require('phaser-src/gameobjects/shape/rectangle/RectangleFactory.js');
require('phaser-src/loader/filetypes/SVGFile.js');

const Phaser = {
  AUTO: CONST.AUTO,
  WEBGL: CONST.WEBGL,
  CANVAS: CONST.CANVAS,
  VERSION: CONST.VERSION,
  Game,
  Scene,
  Scale,
  Loader: { Events: LoaderEvents },
  Renderer: { WebGL: { WebGLRenderer } },
  Display: { Color },
  Curves: { QuadraticBezier },
  Math: { Vector2 },
  GameObjects: { Container, Text, RenderTexture },
  Textures: { DynamicTexture },
};

module.exports = Phaser;
