"""Ensemble: a weighted average of member classifiers' scores, with per-label thresholds
tuned on out-of-fold ensemble scores.

Example::

    >>> from giptext.themes import LexiconThemeClassifier, TfidfThemeClassifier
    >>> texts = ["信息更新不及时", "栏目更新不够及时", "公开内容不够全面", "人员业务培训不足"]
    >>> labels = [["timeliness"], ["timeliness"], ["content"], ["staff"]]
    >>> clf = EnsembleThemeClassifier([("lexicon", LexiconThemeClassifier()),
    ...                                ("tfidf", TfidfThemeClassifier(seed_weight=1.0))])
    >>> clf.fit(texts, labels).predict(["信息更新不及时"])
    [['timeliness']]
"""
from __future__ import annotations

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import GroupKFold, KFold

from giptext.errors import ConfigError
from giptext.themes._base import ThemeClassifier, tune_thresholds


class EnsembleThemeClassifier(ThemeClassifier):
    """Average the scores of ``estimators`` (``[(name, classifier), ...]``), weighted by ``weights``.

    Members are fitted on all the data; the ensemble's thresholds come from an internal
    ``cv``-fold CV (grouped when ``groups`` is given), in which members that tune their own
    thresholds skip it (only their scores are used).
    """

    def __init__(self, estimators, weights=None, tune_thresholds: bool = True, cv: int = 5, random_state: int = 0):
        self.estimators = estimators
        self.weights = weights
        self.tune_thresholds = tune_thresholds
        self.cv = cv
        self.random_state = random_state

    def get_params(self, deep: bool = True):
        """Parameters, with ``name__param`` entries of each member when ``deep``."""
        out = super().get_params(deep=False)
        if deep:
            try:  # as scikit-learn's compositions: malformed members are reported at fit, not here
                members = list(self.estimators)
                dict(members)
            except (TypeError, ValueError):
                return out
            for name, est in members:
                out[name] = est
                for k, v in est.get_params(deep=True).items():
                    out[f"{name}__{k}"] = v
        return out

    def set_params(self, **params):
        """Set own parameters, whole members (``name=estimator``) and ``name__param``
        parameters of members. Every name is checked before anything is changed, so a bad
        name raises and leaves the ensemble as it was."""
        if not params:
            return self
        own_valid = super().get_params(deep=False)
        try:  # (estimators are validated at fit, as scikit-learn asks; here only names matter)
            members = dict(params.get("estimators", self.estimators))
        except (TypeError, ValueError):
            members = {}
        own: dict = {}
        whole: dict = {}
        nested: dict[str, dict] = {}
        for k, v in params.items():
            if k in members:
                whole[k] = v
            elif "__" in k:
                name, sub = k.split("__", 1)
                if name not in members:
                    raise ConfigError(None, f"no ensemble member named {name!r}; members: {', '.join(members)}")
                nested.setdefault(name, {})[sub] = v
            elif k in own_valid:
                own[k] = v
            else:
                raise ConfigError(None, f"invalid parameter {k!r} for EnsembleThemeClassifier; valid: "
                                        f"{', '.join(sorted(own_valid))}, member names and name__param")
        for name, sub in nested.items():
            valid = whole.get(name, members[name]).get_params(deep=True)
            bad = [s for s in sub if s.split("__", 1)[0] not in valid and s not in valid]
            if bad:
                raise ConfigError(None, f"invalid parameter {bad[0]!r} for ensemble member {name!r}")
        # everything named exists: apply
        if own:
            super().set_params(**own)
        if whole:
            self.estimators = [(n, whole.get(n, e)) for n, e in self.estimators]
        members = dict(self.estimators) if nested else {}
        for name, sub in nested.items():
            members[name].set_params(**sub)
        return self

    def _w(self) -> np.ndarray:
        w = np.ones(len(self.estimators)) if self.weights is None else np.asarray(self.weights, dtype=float)
        if len(w) != len(self.estimators):
            raise ConfigError(None, f"{len(w)} weights for {len(self.estimators)} estimators")
        return w / w.sum()

    def _combine(self, members, texts, classes) -> np.ndarray:
        P = np.zeros((len(texts), len(classes)))
        for w, est in zip(self._w(), members):
            Pm = est.predict_proba(texts)
            col = {c: j for j, c in enumerate(est.classes_)}
            for j, c in enumerate(classes):
                if c in col:
                    P[:, j] += w * Pm[:, col[c]]
        return P

    def _member(self, est, quick: bool):
        est = clone(est)
        if quick and "tune_thresholds" in est.get_params(deep=False):
            est.set_params(tune_thresholds=False)
        return est

    def _fit(self, texts, Y, groups) -> None:
        classes = list(self.classes_)
        labels = [[classes[j] for j in np.flatnonzero(row)] for row in Y]
        if self.tune_thresholds and len(texts) >= 2 * self.cv:
            P = np.zeros(Y.shape)
            if groups is not None and len(np.unique(groups)) >= self.cv:
                splits = GroupKFold(n_splits=self.cv).split(texts, Y, groups)
            else:
                splits = KFold(n_splits=self.cv, shuffle=True, random_state=self.random_state).split(texts)
            for tr, te in splits:
                members = [self._member(e, True).fit([texts[i] for i in tr], [labels[i] for i in tr])
                           for _, e in self.estimators]
                P[te] = self._combine(members, [texts[i] for i in te], classes)
            self.thresholds_ = tune_thresholds(P, Y)
        self.estimators_ = [self._member(e, True).fit(texts, labels) for _, e in self.estimators]

    def _scores(self, texts):
        return self._combine(self.estimators_, texts, list(self.classes_))


__all__ = ["EnsembleThemeClassifier"]
