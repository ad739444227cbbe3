"""Write each chapter's "Running this chapter in Colab" note, right after its setup cell.

    python tools/colab_notes.py          # (re)write the note in every chapter
    python tools/colab_notes.py --check  # exit 1 if a note is missing or differs

The note says which Colab runtime the chapter was checked on (the versions in
``colab/constraints.txt``, which ``make test-colab`` runs every chapter on) and what a GPU
runtime changes: which settings a reader may raise and roughly how much faster it runs. The
course is built on a CPU-only machine, so the GPU estimates are judgements from the kind of work
each chapter does (large convolutions keep a GPU busy; small dense layers, Python loops and
scikit-learn do not), and the note says so. The note is Markdown only: writing it does not make
a chapter's outputs stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from colab_env import COLAB_PYTHON, COLAB_RUNTIME, colab_pins  # noqa: E402
from nbtools import toc_notebooks  # noqa: E402

TAG = "colab-note"

SKLEARN = ("A GPU runtime changes nothing here: scikit-learn computes on the CPU only, so keep "
           "Colab's default CPU runtime.")
LITTLE = ("little or no gain (a step of a model this small is over before a GPU gets busy, "
          "and the GPU adds copying time)")
SOME = "a modest gain, perhaps up to two or three times"
LARGE = "the largest gain of the course: several times faster, more for the bigger models"

#: chapter number -> (what runs on a GPU and roughly how much faster, what a reader may raise)
GPU = {
    "10": (f"Tensor operations move to the GPU without any change to the code "
           f"(`tf.config.list_physical_devices('GPU')` lists it); the computations here are tiny, "
           f"so expect {LITTLE}, and the eager-versus-graph timings will differ from ours.", None),
    "11": (f"Keras trains on the GPU without code changes, but these linear models are tiny: "
           f"expect {LITTLE}.", None),
    "12": (f"The Fashion-MNIST and California models and the keras-tuner search are small dense "
           f"networks: expect {SOME}.", "`fashion_epochs`, `california_epochs` and `max_epochs`"),
    "13": (f"The Fashion-MNIST comparisons train dense networks of 100-unit layers: expect {SOME}.",
           "`n_small`, `epochs` and `final_epochs`"),
    "14": (f"Much of the chapter runs custom training loops and eager code step by step, where a "
           f"GPU gives {LITTLE}; the eager-versus-graph timings will differ from ours.", None),
    "15": (f"The `tf.data` pipelines run on the CPU either way; the augmentation experiment's "
           f"convnet is where a GPU helps: {SOME}.", "`aug_epochs`, `imdb_n` and `imdb_epochs`"),
    "16": (f"The convnets are exactly the work a GPU does best: {LARGE} (ResNet-34 and the "
           f"`keras.applications` models above all).", "`mnist_epochs` and `fashion_epochs`"),
    "17": (f"The base convnet, the transfer models and the detector are convolutional: {LARGE}.",
           "`base_epochs`, `detector_epochs`, `n_scenes` and `n_seg_scenes`"),
    "18": (f"The convnet's training and the gradient-ascent images run on the GPU ({SOME}); "
           f"t-SNE and PCA stay on the CPU.", "`epochs` and `ascent_steps`"),
    "19": (f"The spectrogram convnets are small and the audio features are computed on the CPU: "
           f"expect {SOME}.", "`epochs`, `loso_speakers` and `loso_epochs`"),
    "20": (f"The dense weather models are small: expect {SOME}.", "`epochs`"),
    "21": (f"Keras runs `LSTM` and `GRU` layers with NVIDIA's cuDNN kernels on a GPU, but only "
           f"when they keep their default settings and `unroll=False`: set `unroll = False` in "
           f"the settings cell below. With that, {SOME}.", "`epochs` and `bj_epochs`"),
    "22": (f"The embedding, 1-D convolution and recurrent models of the reviews benefit: {LARGE}.",
           "`epochs`"),
    "23": (f"The encoder-decoder models (recurrent, with and without attention) are small: "
           f"{SOME}.", None),
    "24": (f"The character-level GRU on Shakespeare's text is a classic GPU job (cuDNN kernels): "
           f"{LARGE}. Sampling text one character at a time stays slow on either runtime.", None),
    "25": (f"The dense, convolutional and variational autoencoders on Fashion-MNIST benefit, the "
           f"convolutional ones most: {SOME} to several times.", None),
    "26": (f"The DCGAN and ACGAN are convolutional and train for thousands of steps: {LARGE}.",
           "`dense_steps`, `dcgan_steps` and `acgan_steps`"),
    "27": (f"Most of the time goes to the environments, which gymnasium steps in Python on the "
           f"CPU, and the policy networks are tiny: expect {LITTLE}; keep the CPU runtime.", None),
    "28": ("A GPU runtime changes little: the model is small, the server and the load tests run on "
           "the CPU, and LiteRT's interpreter runs on the CPU; the latencies we report are CPU "
           "latencies.", None),
    "29": ("Keep the CPU runtime: the chapter splits the CPU into logical devices and starts real "
           "worker processes on purpose, so that every strategy runs anywhere. On a GPU runtime "
           "`MirroredStrategy()` without a device list would take the single GPU as its one "
           "replica.", None),
    "30": (f"The phishing model, the detector and the Fashion-MNIST classifier train on the GPU "
           f"({SOME}); the metrics, the bootstrap and OpenCV's face detector stay on the CPU.",
           "`det_epochs` and `n_boot`"),
}
SKLEARN_CHAPTERS = {"01", "02", "03", "04", "05", "06", "07", "08", "09", "31"}


def note(number: str) -> str:
    pins = colab_pins()
    checked = (f"This chapter is checked on the package versions of Colab's CPU runtime of "
               f"{COLAB_RUNTIME} (Python {COLAB_PYTHON}, TensorFlow {pins['tensorflow']}, "
               f"Keras {pins['keras']}, scikit-learn {pins['scikit-learn']}, pandas "
               f"{pins['pandas']}): the course's `make test-colab` runs it there in FAST mode. "
               f"The outputs on this page come from the versions the setup cell prints above; "
               f"numbers computed in Colab may differ slightly.")
    if number in SKLEARN_CHAPTERS:
        gpu = SKLEARN
    else:
        what, settings = GPU[number]
        gpu = f"**On a GPU runtime** (Runtime → Change runtime type): {what}"
        if settings:
            gpu += (f" With a GPU you can afford to raise {settings} in the settings cell below "
                    f"the setup.")
        gpu += (" We have no GPU to time it on: these estimates follow from the kind of work the "
                "chapter does. A GPU also adds numbers in a different order, so results differ "
                "slightly from ours.")
    return f"```{{admonition}} Running this chapter in Colab\n:class: tip\n\n{checked}\n\n{gpu}\n```"


def setup_index(nb) -> int:
    """Index of the setup cell: the first code cell that imports dlcourse."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "import dlcourse" in cell.source:
            return i
    raise ValueError("no setup cell (import dlcourse)")


def apply(path: Path, check: bool = False) -> bool:
    """Write (or check) the note of one chapter; True if it was already right."""
    nb = nbformat.read(path, as_version=4)
    number = path.name[:2]
    text = note(number)
    notes = [i for i, c in enumerate(nb.cells) if TAG in c.metadata.get("tags", [])]
    where = setup_index(nb) + 1
    if notes == [where] and nb.cells[where].source == text:
        return True
    if check:
        return False
    for i in reversed(notes):
        del nb.cells[i]
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["tags"] = [TAG]
    nb.cells.insert(setup_index(nb) + 1, cell)
    nbformat.write(nb, path)
    return False


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 on a difference")
    args = parser.parse_args(argv)
    wrong = [p.name for p in toc_notebooks() if not apply(p, check=args.check)]
    if args.check and wrong:
        print(f"Colab notes missing or out of date in {', '.join(wrong)}: python tools/colab_notes.py")
        return 1
    print(f"{'checked' if args.check else 'wrote'} the Colab notes of {len(toc_notebooks())} chapters"
          + (f" ({len(wrong)} changed)" if wrong and not args.check else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
