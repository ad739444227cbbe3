"""Unit tests for dlcourse.audio (WAV reading, FSDD loading) and the manifest lookup in fetch."""

import re
import hashlib

import numpy as np
import pytest
from scipy.io import wavfile

from dlcourse import audio, data
from dlcourse.data import DatasetError


# --------------------------------------------------------------------------- read_wav


def test_read_wav_scales_int16_to_unit_range(tmp_path):
    path = tmp_path / "a.wav"
    wavfile.write(path, 8000, np.array([0, 16384, -32768, 32767], dtype=np.int16))
    rate, x = audio.read_wav(path)
    assert rate == 8000 and x.dtype == np.float32
    np.testing.assert_allclose(x, [0.0, 0.5, -1.0, 32767 / 32768])


def test_read_wav_uint8_is_centred_and_stereo_is_averaged(tmp_path):
    path = tmp_path / "u8.wav"
    wavfile.write(path, 4000, np.array([128, 255, 0], dtype=np.uint8))
    np.testing.assert_allclose(audio.read_wav(path)[1], [0.0, 127 / 128, -1.0])
    stereo = tmp_path / "st.wav"
    wavfile.write(stereo, 8000, np.array([[0.5, -0.5], [1.0, 0.0]], dtype=np.float32))
    np.testing.assert_allclose(audio.read_wav(stereo)[1], [0.0, 0.5])


def test_read_wav_rejects_a_non_wav_file(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not a wav file at all")
    with pytest.raises(DatasetError, match="as a WAV file"):
        audio.read_wav(bad)


def test_parse_fsdd_name():
    assert audio.parse_fsdd_name("7_theo_12.wav") == (7, "theo", 12)
    assert audio.parse_fsdd_name("some/dir/0_george_0.wav") == (0, "george", 0)
    for bad in ("7_theo.wav", "x_theo_1.wav", "7_theo_1.mp3", "7_theo_a.wav"):
        with pytest.raises(ValueError, match="not an FSDD name"):
            audio.parse_fsdd_name(bad)
    with pytest.raises(TypeError):
        audio.parse_fsdd_name(7)


# --------------------------------------------------------------------------- load_fsdd (synthetic)


def _fake_fsdd(monkeypatch, tmp_path, speakers=None, takes=50, rate=8000):
    """Write tiny WAVs named like FSDD's and route the loader's fetch to them."""
    speakers = speakers or audio.FSDD_SPEAKERS
    names = []
    for s_i, speaker in enumerate(speakers):
        for digit in range(10):
            for take in range(takes):
                name = f"{digit}_{speaker}_{take}.wav"
                n = 5 + take % 7  # different lengths
                samples = np.full(n, 1000 * digit - 100 * s_i, dtype=np.int16)
                wavfile.write(tmp_path / name, rate, samples)
                names.append(name)
    monkeypatch.setattr(audio, "_fsdd_names", lambda: list(reversed(names)))
    monkeypatch.setattr(data, "fetch", lambda dataset, name, **kw: tmp_path / name)
    return names


def test_load_fsdd_on_synthetic_files(monkeypatch, tmp_path):
    _fake_fsdd(monkeypatch, tmp_path)
    waves, meta = audio.load_fsdd(max_workers=4)
    assert len(waves) == len(meta) == 3000
    assert list(meta.columns) == ["digit", "speaker", "index", "file", "length"]
    assert meta.iloc[0]["file"] == "0_george_0.wav"  # sorted by speaker, digit, take
    assert meta.iloc[-1]["file"] == "9_yweweler_49.wav"
    assert all(w.dtype == np.float32 and w.ndim == 1 for w in waves)
    row = meta.index[meta["file"] == "3_lucas_8.wav"][0]
    np.testing.assert_allclose(waves[row], (3000 - 200) / 32768)  # the right file, scaled
    assert meta.loc[row, "length"] == len(waves[row]) == 5 + 8 % 7
    assert meta.groupby("speaker").size().eq(500).all()


def test_load_fsdd_checks_the_count(monkeypatch, tmp_path):
    _fake_fsdd(monkeypatch, tmp_path, takes=3)
    with pytest.raises(DatasetError, match="lists 180 recordings; expected 3,000"):
        audio.load_fsdd()


def test_load_fsdd_checks_the_speakers(monkeypatch, tmp_path):
    _fake_fsdd(monkeypatch, tmp_path, speakers=audio.FSDD_SPEAKERS[:5] + ["zoe"])
    with pytest.raises(DatasetError, match="expected 3,000"):
        audio.load_fsdd()


def test_load_fsdd_checks_the_sampling_rate(monkeypatch, tmp_path):
    _fake_fsdd(monkeypatch, tmp_path, rate=16000)
    with pytest.raises(DatasetError, match="16000 Hz; expected 8000 Hz"):
        audio.load_fsdd()


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "4"])
def test_load_fsdd_rejects_bad_max_workers(bad):
    with pytest.raises(ValueError, match="max_workers"):
        audio.load_fsdd(max_workers=bad)


# --------------------------------------------------------------------------- manifest lookup


def test_manifest_lookup_in_fetch(monkeypatch, tmp_path):
    """A dataset with a manifest: hash and size from the manifest, URL and mirror from templates."""
    payload = b"RIFF fake audio bytes"
    digest = hashlib.sha256(payload).hexdigest()
    (tmp_path / "toy_manifest.tsv").write_text(f"{digest}\t{len(payload)}\ta.wav\n\n")
    monkeypatch.setattr(data, "_HERE", tmp_path)
    data._manifest.cache_clear()
    reg = {"many": {"title": "Many", "manifest": "toy_manifest.tsv",
                    "url_template": "https://example.org/rec/{name}",
                    "mirror_template": "many/rec/{name}"}}
    monkeypatch.setattr(data, "registry", lambda: reg)
    try:
        entry = data._entry("many", "a.wav")
        assert entry == {"url": "https://example.org/rec/a.wav", "sha256": digest,
                         "size": len(payload), "mirror": "many/rec/a.wav"}
        with pytest.raises(DatasetError, match="no file 'b.wav'.*toy_manifest.tsv"):
            data.fetch("many", "b.wav")
        mirror = tmp_path / "mirror"
        (mirror / "many" / "rec").mkdir(parents=True)
        (mirror / "many" / "rec" / "a.wav").write_bytes(payload)
        (mirror / "SHA256SUMS").write_text(f"{digest}  ./many/rec/a.wav\n")
        monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
        data._read_mirror_sums.cache_clear()
        assert data.fetch("many", "a.wav") == mirror / "many" / "rec" / "a.wav"
    finally:
        data._manifest.cache_clear()
        data._read_mirror_sums.cache_clear()


def test_real_manifest_is_complete_and_agrees_with_the_registry():
    ds = data.registry()["fsdd"]
    files = data._manifest(ds["manifest"])
    assert len(files) == 3000
    for name, (digest, size) in files.items():
        audio.parse_fsdd_name(name)
        assert re.fullmatch(r"[0-9a-f]{64}", digest) and size > 44, name
    entry = data._entry("fsdd", "0_george_0.wav")
    assert entry["url"].startswith("https://raw.githubusercontent.com/Jakobovski/")
    assert entry["url"].endswith("/recordings/0_george_0.wav")


# --------------------------------------------------------------------------- real data (mirror)


def test_manifest_agrees_with_the_mirror(mirror):
    sums = data._mirror_sums(mirror)
    ds = data.registry()["fsdd"]
    for name, (digest, _) in data._manifest(ds["manifest"]).items():
        assert sums[ds["mirror_template"].format(name=name)] == digest, name


def test_load_fsdd_from_the_mirror(mirror, monkeypatch, tmp_path):
    monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    waves, meta = audio.load_fsdd()
    assert len(waves) == 3000 and meta["speaker"].nunique() == 6
    assert meta.groupby(["speaker", "digit"]).size().eq(50).all()
    assert all(np.abs(w).max() <= 1.0 for w in waves)
    assert 1000 < meta["length"].median() < 8000  # about 0.4 s at 8 kHz
    assert not (tmp_path / "cache").exists()  # read in place from the mirror
