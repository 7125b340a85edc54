#include "imaging/SyntheticPhantom.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>

namespace radlens::imaging {

namespace {

constexpr double kPi = 3.14159265358979323846;

std::mt19937_64 rngFor(std::uint64_t seed, int index, std::uint64_t salt) {
    std::seed_seq seq{std::uint32_t(seed), std::uint32_t(seed >> 32), std::uint32_t(index),
                      std::uint32_t(salt)};
    return std::mt19937_64(seq);
}

double uniform(std::mt19937_64& rng, double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
}

bool chance(std::mt19937_64& rng, double p) { return uniform(rng, 0, 1) < p; }

double smoothstep(double edge0, double edge1, double x) {
    const double t = std::clamp((x - edge0) / (edge1 - edge0), 0.0, 1.0);
    return t * t * (3 - 2 * t);
}

/// Smooth value noise on a coarse lattice: gentle texture and irregular shapes.
class ValueNoise {
public:
    ValueNoise(std::mt19937_64& rng, int cells) : cells_(cells), v_(std::size_t(cells) * cells) {
        for (double& x : v_) x = uniform(rng, -1, 1);
    }
    /// u, v in [0, 1).
    double at(double u, double v) const {
        const double x = std::clamp(u, 0.0, 0.999999) * (cells_ - 1);
        const double y = std::clamp(v, 0.0, 0.999999) * (cells_ - 1);
        const int i = int(x), j = int(y);
        const double fx = smoothstep(0, 1, x - i), fy = smoothstep(0, 1, y - j);
        auto g = [&](int a, int b) { return v_[std::size_t(b) * cells_ + a]; };
        return (g(i, j) * (1 - fx) + g(i + 1, j) * fx) * (1 - fy) +
               (g(i, j + 1) * (1 - fx) + g(i + 1, j + 1) * fx) * fy;
    }

private:
    int cells_;
    std::vector<double> v_;
};

// ---- CT -------------------------------------------------------------------

struct Sphere {
    double x, y, z, r;
};

struct CtLesion {
    int label;  // 1 nodule, 2 mass, 3 consolidation
    std::vector<Sphere> parts;
    double hu;
};

struct CtBody {
    double scale;  // body size factor
    double heartX, heartY, heartA, heartB;
    double diaphragmRight, diaphragmLeft;  // z (mm) of the domes' tops
};

/// Lung cross-section at height z: is (x, y) inside a lung? x > 0 is the
/// patient's left (LPS).
bool insideLung(const CtBody& b, double x, double y, double z) {
    const double s = b.scale;
    const double top = 115 * s;
    const double dome = x < 0 ? b.diaphragmRight : b.diaphragmLeft;
    // Diaphragm dome: higher in the middle of each lung.
    const double cx = (x < 0 ? -1 : 1) * 68 * s;
    const double domeZ = dome - 0.004 * (x - cx) * (x - cx) - 0.003 * (y + 5) * (y + 5);
    if (z > top || z < domeZ) return false;
    const double taper = std::sqrt(std::max(0.0, 1 - std::pow((z - (-20 * s)) / (140 * s), 2)));
    const double a = 52 * s * taper, bb = 75 * s * taper;
    const double dx = (x - cx) / a, dy = (y + 2) / bb;
    if (dx * dx + dy * dy > 1) return false;
    // The heart takes a bite out of the lungs' medial lower parts.
    const double hx = (x - b.heartX) / (b.heartA + 8), hy = (y - b.heartY) / (b.heartB + 8);
    if (z < 25 * s && hx * hx + hy * hy < 1) return false;
    return true;
}

}  // namespace

const std::vector<std::string>& ctLesionNames() {
    static const std::vector<std::string> names{"nodule", "mass", "consolidation"};
    return names;
}

const std::vector<std::string>& cxrFindings() {
    static const std::vector<std::string> names{"Atelectasis",  "Cardiomegaly", "Effusion",
                                                "Infiltration", "Mass",         "Nodule",
                                                "Pneumonia",    "Pneumothorax"};
    return names;
}

SyntheticCase makeSyntheticCt(std::uint64_t seed, int index, int size, int slices) {
    if (size < 32) throw std::invalid_argument("synthetic CT size must be at least 32");
    if (slices < 4) throw std::invalid_argument("synthetic CT needs at least 4 slices");
    std::mt19937_64 rng = rngFor(seed, index, 0xC7);
    CtBody b;
    b.scale = uniform(rng, 0.9, 1.1);
    b.heartX = uniform(rng, 5, 20) * b.scale;
    b.heartY = uniform(rng, -30, -15) * b.scale;
    b.heartA = uniform(rng, 45, 60) * b.scale;
    b.heartB = uniform(rng, 38, 48) * b.scale;
    b.diaphragmRight = uniform(rng, -85, -65) * b.scale;
    b.diaphragmLeft = b.diaphragmRight - uniform(rng, 5, 15);

    const double fov = 360.0;
    const double px = fov / size;
    const double thickness = std::max(1.0, 260.0 / slices);
    Geometry g;
    g.dims = {size, size, slices};
    g.spacing = {px, px, thickness};
    const double z0 = -135.0 * b.scale;
    g.origin = {-fov / 2 + px / 2, -fov / 2 + px / 2, z0};

    SyntheticCase c;
    char id[32];
    std::snprintf(id, sizeof id, "SYNTH-CT-%04d", index + 1);
    c.patientId = id;
    c.image = Volume(PixelType::Int16, g);
    c.mask = Volume(PixelType::UInt8, g);
    c.image.modality = "CT";
    c.image.units = "HU";
    c.mask.modality = "SEG";

    // Lesions: none in about a quarter of the cases, else one to three, placed
    // at points inside a lung.
    std::vector<CtLesion> lesions;
    const int count = chance(rng, 0.25) ? 0 : int(uniform(rng, 1, 4));
    const double zLo = z0, zHi = z0 + thickness * (slices - 1);
    for (int n = 0; n < count; ++n) {
        double x = 0, y = 0, z = 0;
        bool placed = false;
        for (int tries = 0; tries < 200 && !placed; ++tries) {
            x = uniform(rng, -120, 120);
            y = uniform(rng, -80, 80);
            z = uniform(rng, std::max(zLo, b.diaphragmRight), std::min(zHi, 100.0));
            placed = insideLung(b, x, y, z);
        }
        if (!placed) continue;
        CtLesion l;
        const double kind = uniform(rng, 0, 1);
        if (kind < 0.45) {
            l.label = 1;
            l.parts.push_back({x, y, z, uniform(rng, 3, 8)});
            l.hu = uniform(rng, -350, 60);
        } else if (kind < 0.75) {
            l.label = 2;
            const double r = uniform(rng, 12, 22);
            for (int p = 0; p < 3; ++p)
                l.parts.push_back({x + uniform(rng, -0.5, 0.5) * r, y + uniform(rng, -0.5, 0.5) * r,
                                   z + uniform(rng, -0.3, 0.3) * r, r * uniform(rng, 0.6, 1.0)});
            l.hu = uniform(rng, -50, 60);
        } else {
            l.label = 3;
            const double r = uniform(rng, 20, 38);
            l.parts.push_back({x, y, z, r});
            l.hu = uniform(rng, -450, -100);
        }
        lesions.push_back(l);
        c.labels.push_back(ctLesionNames()[std::size_t(l.label - 1)]);
    }
    std::sort(c.labels.begin(), c.labels.end());
    c.labels.erase(std::unique(c.labels.begin(), c.labels.end()), c.labels.end());

    ValueNoise lungTexture(rng, 48), consolidationShape(rng, 12);
    std::normal_distribution<double> noise(0.0, 14.0);
    const double ribPhase = uniform(rng, 0, 25);
    std::int16_t* hu = c.image.dataAs<std::int16_t>();
    std::uint8_t* label = c.mask.dataAs<std::uint8_t>();
    for (int k = 0; k < slices; ++k) {
        const double z = z0 + thickness * k;
        const bool ribLevel = std::sin((z + ribPhase) * 2 * kPi / 25.0) > 0.2 && z > -110;
        for (int j = 0; j < size; ++j) {
            const double y = g.origin[1] + px * j;
            for (int i = 0; i < size; ++i) {
                const double x = g.origin[0] + px * i;
                const std::size_t at = (std::size_t(k) * size + j) * size + i;
                const double ex = x / (150 * b.scale), ey = y / (105 * b.scale);
                const double r2 = ex * ex + ey * ey;
                double v = -1000;
                int lab = 0;
                if (r2 <= 1) {
                    const double depth = (1 - std::sqrt(r2)) * 105 * b.scale;  // mm from skin
                    v = depth < 12 ? -100 : 40;
                    // Ribs: a ring of bone just inside the fat, at rib levels.
                    if (ribLevel && depth > 14 && depth < 24 && y < 70) v = 600;
                    // Spine: vertebral body, cortex and canal.
                    const double sx = x, sy = y - 75 * b.scale;
                    const double sr = std::sqrt(sx * sx + sy * sy);
                    if (sr < 19) v = sr > 15 ? 700 : 300;
                    const double cy = y - 100 * b.scale;
                    if (std::sqrt(x * x + cy * cy) < 8) v = 20;
                    // Sternum.
                    if (std::abs(x) < 14 && y < -92 * b.scale && y > -102 * b.scale && z > -60)
                        v = 450;
                    // Heart and great vessels.
                    const double hx = (x - b.heartX) / b.heartA, hy = (y - b.heartY) / b.heartB;
                    if (z < 20 * b.scale && z > b.diaphragmRight - 10 && hx * hx + hy * hy < 1)
                        v = 45;
                    if (insideLung(b, x, y, z)) {
                        const double t = lungTexture.at((x + 180) / 360, (y + 180) / 360 + z / 900);
                        v = -860 + 60 * t;
                        // Vessel-like bright streaks.
                        if (std::abs(std::sin(x * 0.21 + z * 0.05) *
                                     std::sin(y * 0.17 - z * 0.03)) < 0.02)
                            v = -600;
                        for (const CtLesion& l : lesions) {
                            bool in = false;
                            for (const Sphere& s : l.parts) {
                                const double dx = x - s.x, dy = y - s.y, dz = z - s.z;
                                double rr = s.r;
                                if (l.label == 3)
                                    rr *= 0.75 + 0.35 * consolidationShape.at((dx / s.r + 1) / 2,
                                                                              (dy / s.r + 1) / 2);
                                if (dx * dx + dy * dy + dz * dz <= rr * rr) in = true;
                            }
                            if (in) {
                                v = l.hu;
                                lab = l.label;
                            }
                        }
                    }
                }
                v += noise(rng);
                hu[at] = std::int16_t(std::clamp(std::lround(v), -1024L, 3071L));
                label[at] = std::uint8_t(lab);
            }
        }
    }
    c.image.windowPresets = {{-600, 1500, "LUNG"}, {40, 400, "MEDIASTINUM"}};
    return c;
}

// ---- CXR ------------------------------------------------------------------

SyntheticCase makeSyntheticCxr(std::uint64_t seed, int index, int size) {
    if (size < 32) throw std::invalid_argument("synthetic radiograph size must be at least 32");
    std::mt19937_64 rng = rngFor(seed, index, 0xD8);
    const std::vector<std::string>& names = cxrFindings();
    std::vector<bool> has(names.size());
    const double prevalence[] = {0.25, 0.3, 0.25, 0.25, 0.2, 0.25, 0.2, 0.2};
    for (std::size_t f = 0; f < names.size(); ++f) has[f] = chance(rng, prevalence[f]);
    enum { Atel, Cardio, Effus, Infil, Mass, Nodule, Pneumonia, Pneumothorax };

    const double n = size;
    const double shiftX = uniform(rng, -0.02, 0.02), shiftY = uniform(rng, -0.02, 0.02);
    const double lungW = uniform(rng, 0.13, 0.16), lungH = uniform(rng, 0.28, 0.32);
    const double heartW = has[Cardio] ? uniform(rng, 0.19, 0.22) : uniform(rng, 0.11, 0.14);
    const double heartH = uniform(rng, 0.12, 0.15);
    // Findings' geometry, in unit coordinates (0..1, y down).
    const int side = chance(rng, 0.5) ? -1 : 1;  // -1: image left (patient's right)
    const double lcx = 0.5 + side * 0.2 + shiftX;
    auto pointInLung = [&](double& u, double& v, int s) {
        u = 0.5 + s * 0.2 + shiftX + uniform(rng, -0.6, 0.6) * lungW;
        v = 0.47 + shiftY + uniform(rng, -0.6, 0.5) * lungH;
    };
    double nodU = 0, nodV = 0, nodR = uniform(rng, 0.022, 0.035);
    pointInLung(nodU, nodV, chance(rng, 0.5) ? -1 : 1);
    double massU = 0, massV = 0, massR = uniform(rng, 0.05, 0.075);
    pointInLung(massU, massV, -side);
    const double effusionH = uniform(rng, 0.1, 0.22) * 2 * lungH;
    const double ptxW = uniform(rng, 0.035, 0.06);
    const double atelAngle = uniform(rng, -0.5, 0.5);
    struct Patch {
        double u, v, r;
    };
    std::vector<Patch> patches;
    const int nPatches = int(uniform(rng, 6, 12));
    const int infilSide = chance(rng, 0.5) ? -1 : 1;
    for (int p = 0; p < nPatches; ++p) {
        Patch q;
        pointInLung(q.u, q.v, infilSide);
        q.r = uniform(rng, 0.02, 0.045);
        patches.push_back(q);
    }
    const double pneuTop = 0.47 + shiftY + uniform(rng, -0.05, 0.12) * lungH;
    const int pneuSide = chance(rng, 0.5) ? -1 : 1;

    ValueNoise texture(rng, 40), blotch(rng, 16);
    Geometry g;
    g.dims = {size, size, 1};
    const double px = 400.0 / n;
    g.spacing = {px, px, 1};
    SyntheticCase c;
    char id[32];
    std::snprintf(id, sizeof id, "SYNTH-CXR-%04d", index + 1);
    c.patientId = id;
    c.image = Volume(PixelType::UInt16, g);
    c.mask = Volume(PixelType::UInt8, g);
    c.image.modality = "DX";
    c.mask.modality = "SEG";
    std::uint16_t* out = c.image.dataAs<std::uint16_t>();
    std::uint8_t* lab = c.mask.dataAs<std::uint8_t>();
    std::normal_distribution<double> noise(0.0, 0.015);
    const double exposure = uniform(rng, 0.85, 1.1), gamma = uniform(rng, 0.85, 1.15);

    for (int j = 0; j < size; ++j) {
        const double v = (j + 0.5) / n;
        for (int i = 0; i < size; ++i) {
            const double u = (i + 0.5) / n;
            int mark = 0;
            // Body outline.
            const double bx = (u - 0.5 - shiftX) / 0.46, by = (v - 0.55 - shiftY) / 0.52;
            double a = bx * bx + by * by < 1 ? 0.55 : 0.04;
            // Mediastinum and spine.
            if (std::abs(u - 0.5 - shiftX) < 0.06 && v > 0.12 && a > 0.5) a = 0.66;
            if (std::abs(u - 0.5 - shiftX) < 0.025 && a > 0.5) a = 0.78;
            // Lungs.
            bool inLung = false;
            int lungSide = 0;
            for (int s : {-1, 1}) {
                const double cx = 0.5 + s * 0.2 + shiftX, cy = 0.47 + shiftY;
                const double dx = (u - cx) / lungW, dy = (v - cy) / lungH;
                const double superE = std::pow(std::abs(dx), 2.4) + std::pow(std::abs(dy), 2.4);
                const double dome = cy + lungH * (0.8 - 0.6 * dx * dx);  // diaphragm
                if (superE < 1 && v < dome) {
                    inLung = true;
                    lungSide = s;
                }
            }
            // Heart.
            const double hx = (u - 0.53 - shiftX) / heartW, hy = (v - 0.63 - shiftY) / heartH;
            const bool inHeart = hx * hx + hy * hy < 1;
            if (inLung && !inHeart) {
                const double t = texture.at(u, v);
                a = 0.2 + 0.04 * t;
                // Vessel markings fade towards the periphery.
                const double toHilum = std::abs(u - 0.5 - shiftX);
                if (std::abs(std::sin(u * 60 + v * 25) * std::sin(v * 47 - u * 13)) < 0.05)
                    a += 0.07 * std::max(0.0, 1 - toHilum / 0.3);
                // Posterior ribs: curved bands across the lungs.
                const double ribArc = v - 0.08 * std::pow(std::abs(u - 0.5 - shiftX) / 0.3, 2);
                if (std::fmod(ribArc * 14.0 + 10, 1.0) < 0.28) a += 0.1;
                if (has[Pneumothorax] && lungSide == side) {
                    // A collapsed rim at the lateral edge: no markings, pleural line.
                    const double cx = 0.5 + side * 0.2 + shiftX;
                    const double lateral = side * (u - cx);
                    const double edge = lungW - ptxW - 0.4 * std::abs(v - 0.4) * lungW;
                    if (lateral > edge) {
                        a = 0.07;
                        mark = Pneumothorax + 1;
                    } else if (lateral > edge - 0.006) {
                        a = 0.45;
                    }
                }
                if (has[Effus] && lungSide == -side) {
                    const double cx = 0.5 - side * 0.2 + shiftX, cy = 0.47 + shiftY;
                    const double dx = (u - cx) / lungW;
                    const double dome = cy + lungH * (0.8 - 0.6 * dx * dx);
                    const double meniscus =
                        dome - effusionH - 0.05 * std::abs(dx) * (dx * side < 0);
                    if (v > meniscus) {
                        a = 0.58;
                        mark = Effus + 1;
                    }
                }
                if (has[Atel] && lungSide == side) {
                    // A plate-like band in the lower zone.
                    const double cx = lcx, cy = 0.47 + shiftY + 0.45 * lungH;
                    const double d =
                        std::abs((v - cy) * std::cos(atelAngle) - (u - cx) * std::sin(atelAngle));
                    if (d < 0.012 && std::abs(u - cx) < 0.7 * lungW) {
                        a += 0.28;
                        mark = Atel + 1;
                    }
                }
                if (has[Infil] && lungSide == infilSide)
                    for (const Patch& p : patches) {
                        const double d = std::hypot(u - p.u, v - p.v) / p.r;
                        if (d < 1 && blotch.at(u, v) > -0.3) {
                            a += 0.2 * (1 - d * d);
                            mark = Infil + 1;
                        }
                    }
                if (has[Pneumonia] && lungSide == pneuSide && v > pneuTop) {
                    // Lobar consolidation with a sharp fissure edge and air bronchograms.
                    const double cx = 0.5 + pneuSide * 0.2 + shiftX;
                    if (std::abs(u - cx) < 0.8 * lungW) {
                        a = 0.5;
                        if (std::abs(std::sin((u - cx) * 90 + v * 20)) < 0.08) a = 0.3;
                        mark = Pneumonia + 1;
                    }
                }
                if (has[Mass]) {
                    const double d = std::hypot(u - massU, v - massV) / massR;
                    if (d < 1 + 0.15 * blotch.at(u * 3, v * 3)) {
                        a = std::max(a, 0.55);
                        mark = Mass + 1;
                    }
                }
                if (has[Nodule]) {
                    const double d = std::hypot(u - nodU, v - nodV) / nodR;
                    if (d < 1) {
                        a = std::max(a, 0.5);
                        mark = Nodule + 1;
                    }
                }
            } else if (inHeart && a > 0.5) {
                a = 0.68;
            } else if (!inLung && a > 0.5 && v > 0.47 + shiftY + lungH * 0.5) {
                a = 0.62;  // abdomen under the diaphragm
            }
            // Clavicles.
            if (a > 0.5 || inLung) {
                const double cv = 0.2 + shiftY + 0.15 * std::abs(u - 0.5 - shiftX);
                if (std::abs(v - cv) < 0.012 && std::abs(u - 0.5 - shiftX) < 0.3) a += 0.2;
            }
            double grey = std::pow(std::clamp(a * exposure + noise(rng), 0.0, 1.0), gamma);
            out[std::size_t(j) * size + i] = std::uint16_t(std::lround(grey * 4095));
            lab[std::size_t(j) * size + i] = std::uint8_t(mark);
        }
    }
    for (std::size_t f = 0; f < names.size(); ++f)
        if (has[f]) c.labels.push_back(names[f]);
    c.image.windowPresets = {{2048, 4096, "FULL"}};
    return c;
}

}  // namespace radlens::imaging
